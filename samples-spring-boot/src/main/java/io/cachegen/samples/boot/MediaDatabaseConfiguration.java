package io.cachegen.samples.boot;

import io.cachegen.samples.db.Database;
import io.cachegen.samples.db.Schema;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/** The application's database, the samples' {@link Database}: embedded H2 unless {@code media.database.url} says otherwise. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MediaDatabaseProperties.class)
public class MediaDatabaseConfiguration {

  /** The database, seeded as {@code media.database.seed} says and closed with the context. */
  @Bean(destroyMethod = "close")
  public Database database(MediaDatabaseProperties properties) {
    Database db = StringUtils.hasText(properties.url())
        ? Database.connect(properties.url(), properties.user(), properties.password(), properties.poolSize())
        : Database.h2InMemory();
    switch (properties.seed()) {
      case SMALL -> Schema.recreate(db, Schema.Size.SMALL);
      case DEFAULT -> Schema.recreate(db, Schema.Size.DEFAULT);
      case NONE -> { }
    }
    return db;
  }
}
