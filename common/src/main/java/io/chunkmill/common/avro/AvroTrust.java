package io.chunkmill.common.avro;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Lets Avro instantiate chunkmill's generated record classes. Avro 1.12 refuses to load a class
 * named by a schema unless it is trusted; ours are, wherever the JVM (client, local runner, YARN
 * task). Every class that makes Avro read or write our records calls {@link #install()} in a static
 * initializer, so the trust is in place before the framework creates serializers for it.
 */
public final class AvroTrust {
  private static final String PACKAGE = AvroTrust.class.getPackageName() + ".";
  private static volatile boolean installed;

  private AvroTrust() {}

  public static synchronized void install() {
    if (installed) {
      return;
    }
    ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
    ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous,
        c -> c.getName().startsWith(PACKAGE)));
    installed = true;
  }
}
