package io.cachegen.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachegen.runtime.TieredCache;
import io.cachegen.spring.boot.autoconfigure.fixtures.CachedCatalog;
import io.cachegen.spring.boot.autoconfigure.fixtures.CachedPrices;
import io.cachegen.spring.boot.autoconfigure.fixtures.Catalog;
import io.cachegen.spring.boot.autoconfigure.fixtures.CountingCatalog;
import io.cachegen.spring.boot.autoconfigure.fixtures.Prices;
import io.cachegen.spring.boot.autoconfigure.fixtures.scanned.ScanConfiguration;
import io.cachegen.spring.boot.autoconfigure.fixtures.scanned.ScannedCatalog;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/** Every generated decorator becomes the primary bean of its interface over the application's implementation. */
class DecoratorRegistrationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CachegenAutoConfiguration.class));

  @Test
  void scannedServiceStaysTheDelegate_andInjectingTheInterfaceAnywhereYieldsTheDecorator() {
    runner.withUserConfiguration(ScanConfiguration.class, CatalogConsumer.class).run(context -> {
      assertThat(context).hasNotFailed();
      Catalog catalog = context.getBean(Catalog.class);
      assertThat(catalog).isExactlyInstanceOf(CachedCatalog.class);
      assertThat(context.getBean(CatalogConsumer.class).catalog).isSameAs(catalog);
      ScannedCatalog implementation = context.getBean(ScannedCatalog.class);
      assertThat(delegateOf(catalog)).isSameAs(implementation);
      TieredCache cache = context.getBean(TieredCache.class);
      long hitsBefore = cache.stats().l1Hits();

      catalog.title(7);
      catalog.title(7);
      assertThat(implementation.reads()).isEqualTo(1);
      assertThat(cache.stats().l1Hits()).as("the decorator caches in the context's cache").isEqualTo(hitsBefore + 1);
    });
  }

  @Test
  void beanMethodImplementation_declaredAsTheInterface_isDecoratedToo() {
    runner.withUserConfiguration(BeanMethodCatalog.class).run(context -> {
      Catalog catalog = context.getBean(Catalog.class);
      assertThat(catalog).isExactlyInstanceOf(CachedCatalog.class);
      assertThat(delegateOf(catalog)).isSameAs(context.getBean("catalog"));
    });
  }

  @Test
  void anInvalidatingCall_goesThroughTheDecorator() {
    runner.withUserConfiguration(ScanConfiguration.class).run(context -> {
      Catalog catalog = context.getBean(Catalog.class);
      assertThat(catalog.title(3)).isEqualTo("title 3");

      catalog.rename(3, "Renamed");

      assertThat(catalog.title(3)).isEqualTo("Renamed");
      assertThat(context.getBean(ScannedCatalog.class).reads()).isEqualTo(2);
    });
  }

  @Test
  void interfaceWithoutAnImplementation_getsNoDecorator() {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(CachedCatalog.class).doesNotHaveBean(CachedPrices.class);
    });
  }

  @Test
  void twoImplementations_noneQualified_areLeftAsTheyAre() {
    runner.withUserConfiguration(TwoPrices.class).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(CachedPrices.class);
      assertThat(context.getBeansOfType(Prices.class)).containsOnlyKeys("list", "sale");
    });
  }

  @Test
  void twoImplementations_theOneQualifiedWithTheDecoratorsDelegate_isDecorated() {
    runner.withUserConfiguration(TwoPricesOneQualified.class).run(context -> {
      Prices prices = context.getBean(Prices.class);
      assertThat(prices).isExactlyInstanceOf(CachedPrices.class);
      assertThat(delegateOf(prices)).isSameAs(context.getBean("sale"));
    });
  }

  @Test
  void primaryImplementation_isLeftAsItIs_ratherThanMadeAmbiguous() {
    runner.withUserConfiguration(PrimaryCatalog.class).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(CachedCatalog.class);
      assertThat(context.getBean(Catalog.class)).isExactlyInstanceOf(CountingCatalog.class);
    });
  }

  @Test
  void excludedInterface_keepsItsImplementation_andOthersAreStillDecorated() {
    runner.withUserConfiguration(ScanConfiguration.class, TwoPricesOneQualified.class)
        .withPropertyValues("cachegen.decorators.exclude=" + Catalog.class.getName())
        .run(context -> {
          assertThat(context.getBean(Catalog.class)).isExactlyInstanceOf(ScannedCatalog.class);
          assertThat(context.getBean(Prices.class)).isExactlyInstanceOf(CachedPrices.class);
        });
  }

  @Test
  void decoratorsDisabled_registersNone() {
    runner.withUserConfiguration(ScanConfiguration.class)
        .withPropertyValues("cachegen.decorators.enabled=false")
        .run(context -> {
          assertThat(context).doesNotHaveBean(CachedCatalog.class);
          assertThat(context.getBean(Catalog.class)).isExactlyInstanceOf(ScannedCatalog.class);
          assertThat(context).hasSingleBean(TieredCache.class);
        });
  }

  @Test
  void applicationThatWiresTheDecoratorItself_asThePlainSpringWiringDoes_isLeftAlone() {
    runner.withUserConfiguration(HandWired.class, CatalogConsumer.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBeansOfType(CachedCatalog.class)).hasSize(1);
      Catalog catalog = context.getBean(CatalogConsumer.class).catalog;
      assertThat(catalog).isExactlyInstanceOf(CachedCatalog.class);
      assertThat(delegateOf(catalog)).isExactlyInstanceOf(CountingCatalog.class);
    });
  }

  @Test
  void decoratorAlreadyBuiltUnderTheInterfaceType_failsAtStartup_sayingHowToFixIt() {
    runner.withUserConfiguration(DecoratorDeclaredAsTheInterface.class).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure())
          .rootCause()
          .hasMessageContaining("bean 'catalog' is already a CachedCatalog")
          .hasMessageContaining("cachegen.decorators.exclude=" + Catalog.class.getName());
    });
  }

  static Object delegateOf(Object decorator) {
    return fieldOf(decorator, "delegate");
  }

  static Object fieldOf(Object decorator, String name) {
    try {
      Field field = decorator.getClass().getDeclaredField(name);
      field.setAccessible(true);
      return field.get(decorator);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Application code that asks for the interface. */
  @Component
  static class CatalogConsumer {
    final Catalog catalog;

    @Autowired
    CatalogConsumer(Catalog catalog) {
      this.catalog = catalog;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class BeanMethodCatalog {
    @Bean
    Catalog catalog() {
      return new CountingCatalog();
    }
  }

  /** Two implementations. */
  @Configuration(proxyBeanMethods = false)
  static class TwoPrices {
    @Bean
    Prices list() {
      return sku -> 100;
    }

    @Bean
    Prices sale() {
      return sku -> 80;
    }
  }

  /** Two implementations, the one to cache marked with the decorator's qualifier. */
  @Configuration(proxyBeanMethods = false)
  static class TwoPricesOneQualified {
    @Bean
    Prices list() {
      return sku -> 100;
    }

    @Bean
    @CachedPrices.Delegate
    Prices sale() {
      return sku -> 80;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class PrimaryCatalog {
    @Bean
    @Primary
    Catalog catalog() {
      return new CountingCatalog();
    }
  }

  /** The plain-Spring wiring of the README. */
  @Configuration(proxyBeanMethods = false)
  @Import(CachedCatalog.class)
  static class HandWired {
    @Bean(defaultCandidate = false)
    @CachedCatalog.Delegate
    Catalog countingCatalog() {
      return new CountingCatalog();
    }
  }

  /** A decorator built by hand under the interface type, as the samples' Spring configuration once did. */
  @Configuration(proxyBeanMethods = false)
  static class DecoratorDeclaredAsTheInterface {
    @Bean
    Catalog catalog(TieredCache cache) {
      return new CachedCatalog(new CountingCatalog(), cache);
    }
  }
}
