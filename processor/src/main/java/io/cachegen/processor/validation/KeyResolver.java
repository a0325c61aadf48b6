package io.cachegen.processor.validation;

import com.palantir.javapoet.TypeName;
import io.cachegen.processor.model.KeyTemplate;
import io.cachegen.processor.model.KeyTemplate.Literal;
import io.cachegen.processor.model.KeyTemplate.PartKind;
import io.cachegen.processor.model.KeyTemplate.PropertyStep;
import io.cachegen.processor.model.KeyTemplate.Reference;
import io.cachegen.processor.model.KeyTemplate.Segment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Parses a key template and resolves every reference in it to a parameter or a property path of a
 * supported type, at compile time. A problem comes back as one message of the {@link Message} catalogue.
 */
final class KeyResolver {
  private static final Set<String> OBJECT_PARTS = Set.of(
      "java.lang.Boolean", "java.lang.Byte", "java.lang.Short", "java.lang.Integer", "java.lang.Long",
      "java.lang.Float", "java.lang.Double", "java.util.UUID",
      "java.math.BigInteger", "java.math.BigDecimal");

  private final Elements elements;
  private final Types types;

  KeyResolver(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** A resolved template, or the text of the one error that says why there is none. */
  record Resolution(KeyTemplate template, String error) {}

  /**
   * A method parameter: its name, its type as seen from the decorated interface, and whether it is a
   * varargs parameter.
   */
  record Param(String name, TypeMirror type, boolean varargs) {}

  /**
   * Resolves {@code template} against the parameters; an empty template means every parameter in order,
   * joined by {@code ':'}.
   */
  Resolution resolve(String template, List<Param> params, String methodName) {
    String text = template;
    if (template.isEmpty()) {
      text = params.stream().map(p -> "{" + p.name() + "}").collect(Collectors.joining(":"));
    }
    int surrogate = loneSurrogate(text);
    if (surrogate >= 0) {
      return new Resolution(null, Message.SURROGATE.format(
          "key", escapeSurrogates(text), escapeSurrogates(text.substring(surrogate, surrogate + 1)), surrogate));
    }
    List<Object> raw = new ArrayList<>();
    String syntaxError = parse(text, raw);
    if (syntaxError != null) {
      return new Resolution(null, Message.KEY_SYNTAX.format(text, syntaxError));
    }
    Map<String, TypeMirror> byName = new LinkedHashMap<>();
    Map<String, Param> paramsByName = new LinkedHashMap<>();
    for (Param p : params) {
      byName.put(p.name(), p.type());
      paramsByName.put(p.name(), p);
    }
    List<Segment> segments = new ArrayList<>();
    for (Object o : raw) {
      if (o instanceof String literal) {
        segments.add(new Literal(literal));
        continue;
      }
      String[] names = (String[]) o;
      TypeMirror type = byName.get(names[0]);
      if (type == null) {
        String hint = suggestion(names[0], byName.keySet(), "parameters");
        if (!byName.isEmpty() && byName.keySet().stream().allMatch(n -> n.matches("arg\\d+"))) {
          hint += " (the parameter names are not in the class file of " + methodName
              + "; compile that interface with javac -parameters)";
        }
        return new Resolution(null, Message.KEY_UNKNOWN_PARAMETER.format(names[0], text, hint));
      }
      List<PropertyStep> path = new ArrayList<>();
      StringBuilder spelled = new StringBuilder(names[0]);
      for (int i = 1; i < names.length; i++) {
        Map<String, Property> properties = properties(type);
        Property property = properties.get(names[i]);
        if (property == null) {
          String hint;
          if (type.getKind() == TypeKind.DECLARED) {
            hint = suggestion(names[i], properties.keySet(), "properties");
          } else if (type.getKind() == TypeKind.ARRAY) {
            hint = "{" + spelled + "} is an array, which has no properties; "
                + arrayHint(spelled.toString(), (ArrayType) type, i == 1 ? paramsByName.get(names[0]) : null);
          } else {
            hint = "{" + spelled + "} has the type " + display(type) + ", which has no properties";
          }
          return new Resolution(
              null, Message.KEY_UNKNOWN_PROPERTY.format(names[i], display(type), text, hint));
        }
        path.add(new PropertyStep(
            names[i], property.access(), TypeName.get(property.type()), property.type().getKind().isPrimitive()));
        type = property.type();
        spelled.append('.').append(names[i]);
      }
      PartKind kind = kind(type);
      if (kind == null) {
        String hint = type.getKind() == TypeKind.ARRAY
            ? arrayHint(spelled.toString(), (ArrayType) type, names.length == 1 ? paramsByName.get(names[0]) : null)
            : propertyHint(spelled.toString(), type);
        return new Resolution(null, Message.KEY_TYPE.format(spelled, methodName, display(type), hint));
      }
      segments.add(new Reference(names[0], path, kind, TypeName.get(type)));
    }
    return new Resolution(new KeyTemplate(text, segments), null);
  }

  /** Splits {@code text} into literal strings and reference name arrays; returns the problem, if any. */
  private static String parse(String text, List<Object> out) {
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '}') {
        return "'}' at position " + i + " closes no '{'";
      }
      if (c != '{') {
        literal.append(c);
        i++;
        continue;
      }
      int close = text.indexOf('}', i + 1);
      int nextOpen = text.indexOf('{', i + 1);
      if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
        return "'{' at position " + i + " is not closed";
      }
      String inner = text.substring(i + 1, close);
      if (inner.isEmpty()) {
        return "\"{}\" at position " + i + " names nothing";
      }
      String[] names = inner.split("\\.", -1);
      for (String name : names) {
        if (!isIdentifier(name)) {
          return "\"{" + inner + "}\" at position " + i + " is not a parameter name or a property path";
        }
      }
      if (literal.length() > 0) {
        out.add(literal.toString());
        literal.setLength(0);
      }
      out.add(names);
      i = close + 1;
    }
    if (literal.length() > 0) {
      out.add(literal.toString());
    }
    return null;
  }

  private static boolean isIdentifier(String s) {
    if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (!Character.isJavaIdentifierPart(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** How a value of {@code type} is rendered, or {@code null} if it cannot be a key part. */
  PartKind kind(TypeMirror type) {
    if (type.getKind().isPrimitive()) {
      return type.getKind() == TypeKind.CHAR ? PartKind.CHAR : PartKind.PRIMITIVE;
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return null;
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    String name = element.getQualifiedName().toString();
    if (name.equals("java.lang.String")) {
      return PartKind.STRING;
    }
    if (name.equals("java.lang.Character")) {
      return PartKind.CHAR;
    }
    if (element.getKind() == ElementKind.ENUM) {
      return PartKind.ENUM;
    }
    if (OBJECT_PARTS.contains(name) || isJavaTimeValue(element)) {
      return PartKind.OBJECT;
    }
    TypeMirror elementType = collectionElement((DeclaredType) type);
    if (elementType != null && kind(elementType) != null) {
      return PartKind.COLLECTION;
    }
    return null;
  }

  private boolean isJavaTimeValue(TypeElement element) {
    return elements.getPackageOf(element).getQualifiedName().contentEquals("java.time")
        && !element.getSimpleName().contentEquals("Clock");
  }

  /** The element type of a {@code Collection} subtype, or {@code null} if not one or not known. */
  private TypeMirror collectionElement(DeclaredType type) {
    TypeElement collection = elements.getTypeElement("java.util.Collection");
    if (collection == null || !types.isAssignable(types.erasure(type), types.erasure(collection.asType()))) {
      return null;
    }
    List<TypeMirror> queue = new ArrayList<>(List.of(type));
    while (!queue.isEmpty()) {
      TypeMirror t = queue.remove(0);
      if (t.getKind() != TypeKind.DECLARED) {
        continue;
      }
      DeclaredType dt = (DeclaredType) t;
      if (((TypeElement) dt.asElement()).getQualifiedName().contentEquals("java.util.Collection")) {
        if (dt.getTypeArguments().isEmpty()) {
          return null;
        }
        TypeMirror arg = dt.getTypeArguments().get(0);
        if (arg.getKind() == TypeKind.WILDCARD) {
          arg = ((WildcardType) arg).getExtendsBound();
        }
        return arg;
      }
      queue.addAll(types.directSupertypes(t));
    }
    return null;
  }

  /** A property of a type: how to read it and its type. */
  record Property(String access, TypeMirror type) {}

  /**
   * The properties of {@code type}, by name, in a stable order: accessors ({@code id()}, as of a record),
   * getters ({@code getId()}, {@code isActive()}) and public fields. Object's methods, and overrides of
   * {@code toString()} and {@code hashCode()} (a record's among them), are not properties: a key built
   * from {@code toString()} would change with it.
   */
  Map<String, Property> properties(TypeMirror type) {
    Map<String, Property> result = new LinkedHashMap<>();
    if (type.getKind() != TypeKind.DECLARED) {
      return result;
    }
    DeclaredType declared = (DeclaredType) type;
    TypeElement element = (TypeElement) declared.asElement();
    List<? extends Element> members = elements.getAllMembers(element);
    Map<String, Property> accessors = new LinkedHashMap<>();
    Map<String, Property> getters = new LinkedHashMap<>();
    Map<String, Property> fields = new LinkedHashMap<>();
    Set<String> recordComponents = element.getRecordComponents().stream()
        .map(c -> c.getSimpleName().toString())
        .collect(Collectors.toSet());
    for (ExecutableElement m : ElementFilter.methodsIn(members)) {
      if (!m.getModifiers().contains(Modifier.PUBLIC)
          || m.getModifiers().contains(Modifier.STATIC)
          || !m.getParameters().isEmpty()
          || !m.getTypeParameters().isEmpty()
          || m.getReturnType().getKind() == TypeKind.VOID
          || ((TypeElement) m.getEnclosingElement()).getQualifiedName().contentEquals("java.lang.Object")
          || m.getSimpleName().contentEquals("toString")
          || m.getSimpleName().contentEquals("hashCode")) {
        continue;
      }
      TypeMirror returnType = ((ExecutableType) types.asMemberOf(declared, m)).getReturnType();
      String name = m.getSimpleName().toString();
      String access = name + "()";
      if (recordComponents.contains(name)) {
        accessors.putIfAbsent(name, new Property(access, returnType));
      } else if (name.length() > 3 && name.startsWith("get") && Character.isUpperCase(name.charAt(3))) {
        getters.putIfAbsent(decapitalize(name.substring(3)), new Property(access, returnType));
      } else if (name.length() > 2 && name.startsWith("is") && Character.isUpperCase(name.charAt(2))
          && (returnType.getKind() == TypeKind.BOOLEAN || returnType.toString().equals("java.lang.Boolean"))) {
        getters.putIfAbsent(decapitalize(name.substring(2)), new Property(access, returnType));
      } else {
        accessors.putIfAbsent(name, new Property(access, returnType));
      }
    }
    for (VariableElement f : ElementFilter.fieldsIn(members)) {
      if (f.getModifiers().contains(Modifier.PUBLIC) && !f.getModifiers().contains(Modifier.STATIC)) {
        fields.putIfAbsent(f.getSimpleName().toString(), new Property(f.getSimpleName().toString(), types.asMemberOf(declared, f)));
      }
    }
    // Precedence: a record accessor or name() method, then a getter, then a public field.
    accessors.forEach(result::putIfAbsent);
    getters.forEach(result::putIfAbsent);
    fields.forEach(result::putIfAbsent);
    return result;
  }

  private static String decapitalize(String s) {
    if (s.length() > 1 && Character.isUpperCase(s.charAt(1))) {
      return s; // getURL -> URL, as java.beans does
    }
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  /** "use a property path such as {movie.id} or {movie.title}" for a type with supported properties. */
  private String propertyHint(String spelled, TypeMirror type) {
    List<String> candidates = new ArrayList<>();
    properties(type).forEach((name, p) -> {
      if (candidates.size() < 3 && kind(p.type()) != null) {
        candidates.add("{" + spelled + "." + name + "}");
      }
    });
    if (candidates.isEmpty()) {
      return display(type) + " has no property of a supported type; add one (a record component, a getter "
          + "or a public field such as \"long id\") and name it, as in {" + spelled + ".id}, or pass the "
          + "value the key needs as a parameter of its own";
    }
    return "use a property path such as " + String.join(" or ", candidates);
  }

  /**
   * What to write instead of an array key part: a {@code List} of the boxed element type when that is a
   * key part ({@code List<String> tags} for {@code String[] tags} or {@code String... tags}).
   */
  private String arrayHint(String spelled, ArrayType array, Param param) {
    TypeMirror component = array.getComponentType();
    TypeMirror element = component.getKind().isPrimitive()
        ? types.boxedClass((javax.lang.model.type.PrimitiveType) component).asType()
        : component;
    String list = "List<" + display(element) + ">";
    boolean supported = kind(element) != null;
    String what = param == null
        ? "a property of type " + (supported ? list : "List") + " instead"
        : "the parameter as " + (supported ? list + " " + param.name() : "a List") + " instead of "
            + display(component) + (param.varargs() ? "... " : "[] ") + param.name();
    String tail = supported
        ? ", and keep {" + spelled + "} in the key: a collection of key parts renders as [a,b,c]"
        : ", with elements that are key parts (such as List<Long> of ids): a collection of key parts "
            + "renders as [a,b,c]";
    return "arrays and varargs cannot be key parts (an array has no value equality); declare " + what + tail;
  }

  /**
   * The fix for a key that names no parameter: its words that are parameter names put in braces
   * ({@code "sku"} gives {@code write "{sku}"}), or else naming a parameter or the default key.
   */
  static String constantKeyHint(String text, List<Param> params) {
    Set<String> names = params.stream().map(Param::name).collect(Collectors.toSet());
    java.util.regex.Matcher words = java.util.regex.Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*").matcher(text);
    StringBuilder fixed = new StringBuilder();
    boolean any = false;
    while (words.find()) {
      boolean named = names.contains(words.group()) && (words.start() == 0 || text.charAt(words.start() - 1) != '{');
      any |= named;
      words.appendReplacement(fixed, java.util.regex.Matcher.quoteReplacement(
          named ? "{" + words.group() + "}" : words.group()));
    }
    words.appendTail(fixed);
    if (any) {
      return "write \"" + fixed + "\"";
    }
    String all = params.stream().map(p -> "{" + p.name() + "}").collect(Collectors.joining(":"));
    return "name the parameters it depends on in braces, such as \"{" + params.get(0).name()
        + "}\", or leave key out to use every parameter (\"" + all + "\")";
  }

  /** The index of the first unpaired surrogate in {@code s}, or -1. */
  static int loneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code s} with every unpaired surrogate written as a Java escape (a backslash, {@code u} and four hex digits), for a message. */
  static String escapeSurrogates(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        sb.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String suggestion(String wrong, Set<String> known, String what) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(wrong.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    if (best != null && bestDistance <= Math.max(2, wrong.length() / 3)) {
      return "did you mean \"" + best + "\"?";
    }
    if (known.isEmpty()) {
      return "there are no " + what + " to refer to";
    }
    return "the " + what + " are " + known.stream().map(k -> "\"" + k + "\"").collect(Collectors.joining(", "));
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** A short display name: {@code Movie}, {@code List<Movie>}, {@code long}. */
  static String display(TypeMirror type) {
    if (type.getKind() == TypeKind.DECLARED) {
      DeclaredType dt = (DeclaredType) type;
      String simple = dt.asElement().getSimpleName().toString();
      if (dt.getTypeArguments().isEmpty()) {
        return simple;
      }
      return simple + dt.getTypeArguments().stream().map(KeyResolver::display).collect(Collectors.joining(", ", "<", ">"));
    }
    if (type.getKind() == TypeKind.ARRAY) {
      return display(((ArrayType) type).getComponentType()) + "[]";
    }
    return type.toString();
  }
}
