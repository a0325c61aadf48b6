package io.cachegen.samples.service;

import io.cachegen.Cached;
import io.cachegen.Invalidates;
import io.cachegen.samples.domain.ServerSetting;
import io.cachegen.samples.domain.UserSettings;

/** Server-wide settings (rarely changed) and per-user preferences. */
public interface SettingsService {

  /** The server setting called {@code name}, or {@code null} if it is not set. */
  @Cached(prefix = "settings:server:", ttl = "5m")
  ServerSetting getServerSetting(String name);

  /** Creates or changes a server setting. */
  @Invalidates(prefix = "settings:server:", key = "{setting.name}")
  void putServerSetting(ServerSetting setting);

  /** A user's preferences, or {@code null} if the user has none. */
  @Cached(prefix = "settings:user:", ttl = "2m")
  UserSettings getUserSettings(long userId);

  /** Saves a user's preferences. */
  @Invalidates(prefix = "settings:user:", key = "{settings.userId}")
  void saveUserSettings(UserSettings settings);
}
