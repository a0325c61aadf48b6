package io.cachegen.samples.jdbc;

import io.cachegen.samples.db.Database;
import io.cachegen.samples.domain.ImageKind;
import io.cachegen.samples.domain.ImageMetadata;
import io.cachegen.samples.service.ImageService;
import jakarta.inject.Inject;

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
    int updated =
        db.update(
            "UPDATE images SET url = ?, width = ?, height = ?, blurhash = ? WHERE movie_id = ? AND kind = ?",
            image.url(), image.width(), image.height(), image.blurhash(), image.movieId(), image.kind().name());
    if (updated == 0) {
      db.update(
          "INSERT INTO images VALUES (?, ?, ?, ?, ?, ?)", image.movieId(), image.kind().name(), image.url(),
          image.width(), image.height(), image.blurhash());
    }
  }
}
