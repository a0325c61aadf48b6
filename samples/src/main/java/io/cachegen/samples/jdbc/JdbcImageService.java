package io.cachegen.samples.jdbc;

import io.cachegen.samples.db.Database;
import io.cachegen.samples.domain.ImageKind;
import io.cachegen.samples.domain.ImageMetadata;
import io.cachegen.samples.service.ImageService;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;

/** Images in the {@code images} table. */
public final class JdbcImageService implements ImageService {
  private final Database db;

  /** Reads and writes through {@code db}. */
  @Inject
  public JdbcImageService(Database db) {
    this.db = db;
  }

  @Override
  public ImageMetadata getImage(long movieId, ImageKind kind) {
    return db.queryOne(
        "SELECT movie_id, kind, url, width, height, blurhash FROM images WHERE movie_id = ? AND kind = ?",
        rs -> new ImageMetadata(
            rs.getLong(1), ImageKind.valueOf(rs.getString(2)), rs.getString(3), rs.getInt(4), rs.getInt(5),
            rs.getString(6)),
        movieId, kind.name());
  }

  @Override
  public void saveImage(ImageMetadata image) {
    db.transaction(
        2,
        c -> {
          try (PreparedStatement update =
              c.prepareStatement(
                  "UPDATE images SET url = ?, width = ?, height = ?, blurhash = ? WHERE movie_id = ? AND kind = ?")) {
            Database.bind(
                update, image.url(), image.width(), image.height(), image.blurhash(), image.movieId(),
                image.kind().name());
            if (update.executeUpdate() > 0) {
              return null;
            }
          }
          try (PreparedStatement insert = c.prepareStatement("INSERT INTO images VALUES (?, ?, ?, ?, ?, ?)")) {
            Database.bind(
                insert, image.movieId(), image.kind().name(), image.url(), image.width(), image.height(),
                image.blurhash());
            insert.executeUpdate();
          }
          return null;
        });
  }
}
