package io.cachegen.samples.jdbc;

import io.cachegen.samples.db.Database;
import io.cachegen.samples.domain.ServerSetting;
import io.cachegen.samples.domain.UserSettings;
import io.cachegen.samples.service.SettingsService;
import jakarta.inject.Inject;

/** Settings in {@code server_settings} and {@code user_settings}. */
public final class JdbcSettingsService implements SettingsService {
  private final Database db;

  /** Reads and writes through {@code db}. */
  @Inject
  public JdbcSettingsService(Database db) {
    this.db = db;
  }

  @Override
  public ServerSetting getServerSetting(String name) {
    return db.queryOne(
        "SELECT name, setting_value FROM server_settings WHERE name = ?",
        rs -> new ServerSetting(rs.getString(1), rs.getString(2)),
        name);
  }

  @Override
  public void putServerSetting(ServerSetting setting) {
    int updated =
        db.update("UPDATE server_settings SET setting_value = ? WHERE name = ?", setting.value(), setting.name());
    if (updated == 0) {
      db.update("INSERT INTO server_settings VALUES (?, ?)", setting.name(), setting.value());
    }
  }

  @Override
  public UserSettings getUserSettings(long userId) {
    return db.queryOne(
        "SELECT user_id, language, theme, autoplay, subtitle_language FROM user_settings WHERE user_id = ?",
        rs -> new UserSettings(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5)),
        userId);
  }

  @Override
  public void saveUserSettings(UserSettings s) {
    db.update(
        "UPDATE user_settings SET language = ?, theme = ?, autoplay = ?, subtitle_language = ? WHERE user_id = ?",
        s.language(), s.theme(), s.autoplay(), s.subtitleLanguage(), s.userId());
  }
}
