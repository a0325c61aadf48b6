package io.cachegen.samples.domain;

/** One RBAC rule: whether {@code role} may do {@code action} on {@code resource}. */
public record Policy(String role, String resource, String action, boolean allowed) {}
