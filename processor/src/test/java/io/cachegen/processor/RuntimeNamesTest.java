package io.cachegen.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.palantir.javapoet.ClassName;
import io.cachegen.processor.writing.RuntimeNames;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every runtime name the generated code refers to still exists in the runtime jar. */
class RuntimeNamesTest {

  @Test
  void everyRuntimeClassNameResolves() throws ClassNotFoundException {
    for (ClassName name : RuntimeNames.ALL) {
      Class<?> type = Class.forName(name.reflectionName());
      assertThat(Modifier.isPublic(type.getModifiers())).as("%s is public", name).isTrue();
    }
  }

  @Test
  void everyRuntimeMemberResolvesToAPublicMethodOrField() throws ClassNotFoundException {
    for (RuntimeNames.Member member : RuntimeNames.MEMBERS) {
      Class<?> owner = Class.forName(member.owner().reflectionName());
      boolean method = Arrays.stream(owner.getMethods()).map(Method::getName).anyMatch(member.name()::equals);
      boolean field = Arrays.stream(owner.getFields()).map(Field::getName).anyMatch(member.name()::equals);
      assertThat(method || field).as("%s.%s", member.owner().simpleName(), member.name()).isTrue();
    }
  }

  @Test
  void everyRuntimeClassNameIsListed() {
    assertThat(RuntimeNames.ALL)
        .containsExactlyInAnyOrder(
            RuntimeNames.TIERED_CACHE, RuntimeNames.CACHE_SPEC, RuntimeNames.TYPE_REF, RuntimeNames.KEYS);
    assertThat(RuntimeNames.MEMBERS).extracting(RuntimeNames.Member::owner).isSubsetOf(RuntimeNames.ALL);
  }
}
