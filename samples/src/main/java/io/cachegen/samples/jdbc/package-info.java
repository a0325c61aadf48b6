/** The undecorated services: plain JDBC against the demo schema, one or two statements per call. */
package io.cachegen.samples.jdbc;
