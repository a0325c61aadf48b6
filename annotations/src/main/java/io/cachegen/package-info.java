/**
 * The annotations a service interface carries: {@link io.cachegen.Cached} on read methods and
 * {@link io.cachegen.Invalidates} on write methods. The cachegen annotation processor turns them into
 * plain Java decorators at compile time; nothing here is read at run time.
 */
package io.cachegen;
