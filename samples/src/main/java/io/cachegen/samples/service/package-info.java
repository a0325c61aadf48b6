/**
 * The cached services of the original media-server design, as annotated interfaces. The processor writes
 * a {@code CachedXxx} decorator and an {@code XxxCacheKeys} class next to each; the {@code @Invalidates}
 * groups on the write methods are the design's invalidation helpers ({@code InvalidateSession},
 * {@code InvalidateUser}, {@code InvalidateRBACForUser}, {@code InvalidateAllRBAC}, {@code InvalidateMovie},
 * {@code InvalidateMovieLists}, {@code InvalidateSearch}, {@code InvalidateLibrary}).
 */
package io.cachegen.samples.service;
