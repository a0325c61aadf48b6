package io.cachegen.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.palantir.javapoet.ClassName;
import io.cachegen.processor.writing.RuntimeNames;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/** Every runtime name the generated code refers to still exists in the runtime jar, as generated code uses it. */
class RuntimeNamesTest {

  @Test
  void everyRuntimeClassNameResolvesToAPublicClass() throws ClassNotFoundException {
    for (ClassName name : RuntimeNames.ALL) {
      Class<?> type = Class.forName(name.reflectionName());
      assertThat(Modifier.isPublic(type.getModifiers())).as("%s is public", name).isTrue();
    }
  }

  @Test
  void everyRuntimeMemberResolvesToAPublicMethodWithThoseParameterTypes_orAPublicStaticField() throws Exception {
    for (RuntimeNames.Member member : RuntimeNames.MEMBERS) {
      Class<?> owner = Class.forName(member.owner().reflectionName());
      if (member.isField()) {
        Field field = owner.getField(member.name());
        assertThat(Modifier.isStatic(field.getModifiers())).as("%s.%s is static", owner.getSimpleName(), member.name()).isTrue();
        continue;
      }
      Class<?>[] parameters = new Class<?>[member.parameterTypes().size()];
      for (int i = 0; i < parameters.length; i++) {
        parameters[i] = type(member.parameterTypes().get(i));
      }
      Method method = owner.getMethod(member.name(), parameters);
      assertThat(Modifier.isPublic(method.getModifiers())).as("%s", method).isTrue();
    }
  }

  @Test
  void generatedCodeNamesNoTransitionalRuntimeClass() {
    assertThat(RuntimeNames.ALL).extracting(ClassName::simpleName).doesNotContain("Keys", "CacheSpec");
    assertThat(RuntimeNames.MEMBERS).extracting(RuntimeNames.Member::owner).isSubsetOf(RuntimeNames.ALL);
  }

  private static Class<?> type(String name) throws ClassNotFoundException {
    return switch (name) {
      case "char" -> char.class;
      case "long" -> long.class;
      case "int" -> int.class;
      case "boolean" -> boolean.class;
      default -> Class.forName(name);
    };
  }
}
