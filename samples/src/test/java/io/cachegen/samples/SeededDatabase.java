package io.cachegen.samples;

import io.cachegen.samples.db.Database;
import io.cachegen.samples.db.Schema;

/** A fresh embedded H2 database with the small seed, for one test. */
final class SeededDatabase {
  private SeededDatabase() {}

  static Database create() {
    Database db = Database.h2InMemory();
    Schema.recreate(db, Schema.Size.SMALL);
    return db;
  }
}
