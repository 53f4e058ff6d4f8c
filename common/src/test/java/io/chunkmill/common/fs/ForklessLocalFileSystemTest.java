package io.chunkmill.common.fs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeFalse;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ForklessLocalFileSystemTest {
  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private FileSystem fs() throws Exception {
    Configuration conf = new Configuration(false);
    ForklessLocalFileSystem fs = new ForklessLocalFileSystem();
    fs.initialize(FileSystem.getDefaultUri(conf), conf);
    return fs;
  }

  private String mode(java.io.File f) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(f.toPath()));
  }

  @Test
  public void permissionsOfCreatedFilesAndDirectoriesAreSetAsHadoopWould() throws Exception {
    FileSystem fs = fs();
    java.io.File dir = new java.io.File(tmp.getRoot(), "a/b");
    assertTrue(fs.mkdirs(new Path(dir.toURI()), new FsPermission((short) 0750)));
    assertEquals("rwxr-x---", mode(dir));
    Path file = new Path(new java.io.File(dir, "f").toURI());
    try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0640), true, 4096, (short) 1, 1 << 20, null)) {
      out.write(1);
    }
    assertEquals("rw-r-----", mode(new java.io.File(dir, "f")));
    fs.setPermission(file, new FsPermission((short) 0604));
    assertEquals("rw----r--", mode(new java.io.File(dir, "f")));
    assertEquals(new FsPermission((short) 0604), fs.getFileStatus(file).getPermission());
    fs.setPermission(file, new FsPermission((short) 0));
    assertEquals("---------", mode(new java.io.File(dir, "f")));
  }

  @Test
  public void aMissingFileIsReportedAsHadoopDoes() throws Exception {
    FileSystem fs = fs();
    Path missing = new Path(new java.io.File(tmp.getRoot(), "missing").toURI());
    assertThrows(FileNotFoundException.class, () -> fs.setPermission(missing, new FsPermission((short) 0600)));
  }

  @Test
  public void theStickyBitIsLeftToHadoopsOwnCode() throws Exception {
    FileSystem fs = fs();
    java.io.File dir = tmp.newFolder("sticky");
    fs.setPermission(new Path(dir.toURI()), new FsPermission((short) 01777));
    assertEquals("rwxrwxrwx", mode(dir));
    assertTrue(fs.getFileStatus(new Path(dir.toURI())).getPermission().getStickyBit());
  }

  @Test
  public void installNamesItForTheLocalRunnerUnlessTheUserChoseAnImplementation() {
    assumeFalse("Hadoop's native library changes permissions without forking", NativeIO.isAvailable());
    Configuration conf = new Configuration(); // with Hadoop's defaults
    conf.set("mapreduce.framework.name", "local");
    ForklessLocalFileSystem.installForLocalRunner(conf);
    assertSame(ForklessLocalFileSystem.class, conf.getClass("fs.file.impl", null));

    Configuration chosen = new Configuration(false);
    chosen.set("mapreduce.framework.name", "local");
    chosen.setClass("fs.file.impl", RawLocalFileSystem.class, FileSystem.class);
    ForklessLocalFileSystem.installForLocalRunner(chosen);
    assertSame(RawLocalFileSystem.class, chosen.getClass("fs.file.impl", null));

    Configuration yarn = new Configuration(false);
    yarn.set("mapreduce.framework.name", "yarn");
    ForklessLocalFileSystem.installForLocalRunner(yarn);
    assertNull(yarn.get("fs.file.impl"));
  }
}
