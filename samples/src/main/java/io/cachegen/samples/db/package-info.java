/** Plain JDBC: a small connection pool that counts the queries it runs, and the demo schema with its seed data. */
package io.cachegen.samples.db;
