package dev.partita.io.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.io.fs.Storage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.Test;

/**
 * {@code s3a://} through hadoop-aws against S3Proxy, an S3 API server started in this JVM on a
 * loopback port over a directory. Credentials are set in {@link Storage#hadoopConfiguration()},
 * as a user's core-site.xml would set them.
 */
class S3Test extends RemoteStorageContract {

  private static final String BUCKET = "partita-test";
  private static final String ACCESS = "partita-access-AKIA7TEST";
  private static final String SECRET = "partita-secret-never-printed-0123456789";

  private S3Proxy proxy;
  private BlobStoreContext context;

  @Override
  void start() throws Exception {
    Path blobs = Files.createTempDirectory("s3proxy");
    Properties p = new Properties();
    p.setProperty("jclouds.filesystem.basedir", blobs.toString());
    context = ContextBuilder.newBuilder("filesystem").overrides(p)
        .build(BlobStoreContext.class);
    context.getBlobStore().createContainerInLocation(null, BUCKET);
    proxy = S3Proxy.builder().blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET).build();
    proxy.start();
    while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
      Thread.sleep(10);
    }
    Configuration conf = Storage.hadoopConfiguration();
    pointAt(conf, "http://127.0.0.1:" + proxy.getPort());
    conf.set("fs.s3a.access.key", ACCESS);
    conf.set("fs.s3a.secret.key", SECRET);
  }

  /** S3A settings for S3Proxy: its plain-HTTP endpoint, path-style buckets, no retries. */
  static void pointAt(Configuration conf, String endpoint) {
    conf.set("fs.s3a.endpoint", endpoint);
    conf.set("fs.s3a.endpoint.region", "us-east-1");
    conf.set("fs.s3a.path.style.access", "true");
    conf.set("fs.s3a.connection.ssl.enabled", "false");
    conf.set("fs.s3a.attempts.maximum", "1");
    conf.set("fs.s3a.retry.limit", "1");
  }

  @Override
  void stop() throws Exception {
    FileSystem.closeAll();
    proxy.stop();
    context.close();
  }

  @Override
  String base() {
    return "s3a://" + BUCKET + "/run";
  }

  @Override
  List<String> secrets() {
    return List.of(SECRET);
  }

  @Override
  boolean renamesOnCommit() {
    return false;
  }

  /**
   * Runs {@link EnvironmentCredentialsMain} with the given credentials in its environment; returns
   * its exit code, then what it printed on standard output, then on standard error.
   */
  private List<String> withEnvironment(String access, String secret) throws Exception {
    Path err = Files.createTempFile("s3-env", ".err");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), EnvironmentCredentialsMain.class.getName(),
        "http://127.0.0.1:" + proxy.getPort(), base() + "/csv/*.csv");
    pb.environment().put("AWS_ACCESS_KEY_ID", access);
    pb.environment().put("AWS_SECRET_ACCESS_KEY", secret);
    Process p = pb.redirectError(err.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    List<String> result = List.of(String.valueOf(p.exitValue()), out.strip(),
        Files.readString(err));
    Files.delete(err);
    return result;
  }

  @Test
  void credentialsComeFromTheEnvironmentAndAWrongSecretIsNeverPrinted() throws Exception {
    assertEquals(List.of("0", "6000"), withEnvironment(ACCESS, SECRET).subList(0, 2));
    String wrong = "wrong-secret-9876543210-never-printed";
    List<String> denied = withEnvironment(ACCESS, wrong);
    String printed = denied.get(1) + denied.get(2);
    assertEquals("1", denied.get(0), printed);
    assertTrue(printed.contains("403") || printed.contains("SignatureDoesNotMatch")
        || printed.contains("AccessDenied"), printed);
    assertFalse(printed.contains(wrong) || printed.contains(SECRET), printed);
  }
}
