package dev.partita.io.remote;

import dev.partita.io.Sources;
import dev.partita.io.fs.Storage;

/**
 * Reads an {@code s3a://} glob in a JVM of its own whose only credentials are the
 * {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} environment variables, and prints the
 * row count; an error prints its message only. Run by {@link S3Test}.
 */
final class EnvironmentCredentialsMain {

  private EnvironmentCredentialsMain() {}

  public static void main(String[] args) {
    S3Test.pointAt(Storage.hadoopConfiguration(), args[0]);
    try {
      System.out.println(RemoteStorageContract.rows(Sources.open(args[1])).size());
    } catch (Exception e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        System.out.println(t.getClass().getName() + ": " + t.getMessage());
      }
      System.exit(1);
    }
  }
}
