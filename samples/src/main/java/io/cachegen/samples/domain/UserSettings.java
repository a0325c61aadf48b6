package io.cachegen.samples.domain;

/** A user's preferences. */
public record UserSettings(long userId, String language, String theme, boolean autoplay, String subtitleLanguage) {

  /** These settings with another theme. */
  public UserSettings withTheme(String newTheme) {
    return new UserSettings(userId, language, newTheme, autoplay, subtitleLanguage);
  }
}
