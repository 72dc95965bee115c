package dev.partita.io.remote;

import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/** {@code hdfs://} against a MiniDFSCluster (a name node and one data node) in this JVM. */
class HdfsTest extends RemoteStorageContract {

  private MiniDFSCluster cluster;

  @Override
  void start() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR,
        Files.createTempDirectory("minidfs").toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
  }

  @Override
  void stop() {
    cluster.shutdown(true);
  }

  @Override
  String base() {
    return cluster.getURI() + "/run";
  }

  @Override
  List<String> secrets() {
    return List.of();
  }

  @Override
  boolean renamesOnCommit() {
    return true;
  }
}
