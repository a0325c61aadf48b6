package io.cachegen.samples.domain;

/** A server-wide setting. */
public record ServerSetting(String name, String value) {}
