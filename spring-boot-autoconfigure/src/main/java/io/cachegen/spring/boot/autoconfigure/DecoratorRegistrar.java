package io.cachegen.spring.boot.autoconfigure;

import io.cachegen.runtime.TieredCache;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.type.MethodMetadata;
import org.springframework.util.ClassUtils;

/**
 * Registers every generated decorator of the {@link DecoratorIndex index} as the primary bean of its
 * interface, over the application's own implementation of that interface, once every other bean
 * definition is known.
 *
 * <p>For an interface {@code MovieService} with decorator {@code CachedMovieService}:
 *
 * <ul>
 *   <li>the application already defines a {@code CachedMovieService} bean, or lists the interface in
 *       {@code cachegen.decorators.exclude}: nothing is registered (the application wires it);
 *   <li>no bean implements {@code MovieService}: nothing is registered;
 *   <li>one bean implements it (a {@code @Service}, a {@code @Bean}, an {@code @Import}ed class), or several
 *       and exactly one of them carries the decorator's qualifier {@code @CachedMovieService.Delegate}:
 *       that bean is the delegate, and a {@code CachedMovieService} over it and the context's
 *       {@link TieredCache} is registered under the decorator's class name, {@link BeanDefinition#isPrimary()
 *       primary}, so that injecting {@code MovieService} anywhere yields the decorator while the
 *       implementation stays injectable by its own type;
 *   <li>several implement it and none is qualified, or the implementation is itself primary: nothing is
 *       registered, with a warning that says how to choose.
 * </ul>
 */
final class DecoratorRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, BeanClassLoaderAware {
  private static final Log log = LogFactory.getLog(DecoratorRegistrar.class);

  private final List<String> registered = new ArrayList<>();
  private Environment environment;
  private ClassLoader classLoader = ClassUtils.getDefaultClassLoader();

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void setBeanClassLoader(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  @Override
  public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
    if (!(registry instanceof ConfigurableListableBeanFactory beanFactory)) {
      return;
    }
    CachegenProperties.Decorators settings = Binder.get(environment)
        .bind("cachegen.decorators", Bindable.of(CachegenProperties.Decorators.class))
        .orElseGet(() -> new CachegenProperties.Decorators(true, List.of()));
    if (!settings.enabled()) {
      return;
    }
    for (DecoratorIndex.Entry entry : DecoratorIndex.read(classLoader)) {
      Class<?> serviceType = load(entry.serviceName());
      Class<?> decoratorType = load(entry.decoratorName());
      if (serviceType == null || decoratorType == null) {
        log.debug("cachegen: skipping " + entry + ": not loadable (a stale index entry?)");
        continue;
      }
      if (!serviceType.isInterface() || !serviceType.isAssignableFrom(decoratorType)) {
        log.warn("cachegen: skipping the index entry " + entry + ": not an interface and its decorator");
        continue;
      }
      if (settings.excludes(serviceType)) {
        log.debug("cachegen: " + serviceType.getName() + " is excluded (cachegen.decorators.exclude)");
        continue;
      }
      register(registry, beanFactory, serviceType, decoratorType);
    }
  }

  private void register(
      BeanDefinitionRegistry registry, ConfigurableListableBeanFactory beanFactory, Class<?> serviceType,
      Class<?> decoratorType) {
    String name = decoratorType.getName();
    if (registry.containsBeanDefinition(name) || beanFactory.getBeanNamesForType(decoratorType, true, false).length > 0) {
      log.debug("cachegen: the application defines its own " + decoratorType.getSimpleName());
      return;
    }
    List<String> candidates = new ArrayList<>();
    for (String candidate : beanFactory.getBeanNamesForType(serviceType, true, false)) {
      if (registered.contains(candidate)) {
        continue;
      }
      if (!registry.containsBeanDefinition(candidate) || registry.getBeanDefinition(candidate).isAutowireCandidate()) {
        candidates.add(candidate);
      }
    }
    String qualifier = decoratorType.getName() + "$Delegate";
    List<String> qualified = candidates.stream().filter(c -> hasQualifier(registry, c, qualifier)).toList();
    String delegate;
    if (qualified.size() == 1) {
      delegate = qualified.get(0);
    } else if (qualified.isEmpty() && candidates.size() == 1) {
      delegate = candidates.get(0);
    } else if (candidates.isEmpty()) {
      log.debug("cachegen: no bean implements " + serviceType.getName() + "; nothing to decorate");
      return;
    } else {
      log.warn("cachegen: not decorating " + serviceType.getName() + ": it has " + candidates.size()
          + " implementations " + (qualified.isEmpty() ? candidates : qualified) + "; mark the one to cache with @"
          + decoratorType.getSimpleName() + ".Delegate (jakarta.inject on the class path), or set"
          + " cachegen.decorators.exclude=" + serviceType.getName() + " and wire it yourself");
      return;
    }
    BeanDefinition delegateDefinition = registry.containsBeanDefinition(delegate) ? registry.getBeanDefinition(delegate) : null;
    if (delegateDefinition != null && delegateDefinition.isPrimary()) {
      log.warn("cachegen: not decorating " + serviceType.getName() + ": its implementation '" + delegate
          + "' is @Primary, and the decorator would be a second primary " + serviceType.getSimpleName()
          + "; remove @Primary from it, or set cachegen.decorators.exclude=" + serviceType.getName());
      return;
    }

    RootBeanDefinition decorator = new RootBeanDefinition(CachedDecorators.class);
    decorator.setFactoryMethodName("create");
    decorator.setTargetType(decoratorType);
    ConstructorArgumentValues arguments = decorator.getConstructorArgumentValues();
    arguments.addIndexedArgumentValue(0, serviceType);
    arguments.addIndexedArgumentValue(1, decoratorType);
    arguments.addIndexedArgumentValue(2, delegate);
    arguments.addIndexedArgumentValue(3, new RuntimeBeanReference(delegate));
    arguments.addIndexedArgumentValue(4, new RuntimeBeanReference(TieredCache.class));
    decorator.setPrimary(true);
    if (delegateDefinition != null) {
      decorator.setScope(delegateDefinition.getScope());
      decorator.setLazyInit(delegateDefinition.isLazyInit());
    }
    decorator.setDescription(
        "cachegen: " + decoratorType.getSimpleName() + " over '" + delegate + "', the primary " + serviceType.getSimpleName());
    registry.registerBeanDefinition(name, decorator);
    registered.add(name);
    log.debug("cachegen: " + serviceType.getName() + " is " + decoratorType.getSimpleName() + " over '" + delegate + "'");
  }

  /** Whether the bean definition {@code name} carries the qualifier {@code qualifier}, however it was declared. */
  private static boolean hasQualifier(BeanDefinitionRegistry registry, String name, String qualifier) {
    if (!registry.containsBeanDefinition(name)) {
      return false;
    }
    BeanDefinition definition = registry.getBeanDefinition(name);
    if (definition instanceof AbstractBeanDefinition abd && abd.hasQualifier(qualifier)) {
      return true;
    }
    if (definition instanceof AnnotatedBeanDefinition annotated) {
      MethodMetadata factoryMethod = annotated.getFactoryMethodMetadata();
      return factoryMethod != null
          ? factoryMethod.isAnnotated(qualifier)
          : annotated.getMetadata().hasAnnotation(qualifier);
    }
    return false;
  }

  private Class<?> load(String binaryName) {
    try {
      return ClassUtils.forName(binaryName, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }
}
