package hca.localdss.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Bucket;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import hca.localdss.store.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoint as the Google Java client (google-cloud-storage) sees it. */
class GcsEndpointJavaClientTest {

  @TempDir static Path dir;
  static LocalGcs gcs;
  static Storage storage;

  @BeforeAll
  static void start() throws Exception {
    gcs = LocalGcs.start(dir);
    storage = gcs.storage();
  }

  @AfterAll
  static void stop() throws Exception {
    gcs.close();
  }

  private static String newBucket(String name) {
    storage.create(BucketInfo.of(name));
    return name;
  }

  @Test
  void createsGetsListsAndDeletesBuckets() {
    Bucket created = storage.create(BucketInfo.of("bucket-life"));
    assertThat(created.getName()).isEqualTo("bucket-life");
    assertThat(storage.get("bucket-life")).isNotNull();
    List<String> names = new ArrayList<>();
    storage.list().iterateAll().forEach(b -> names.add(b.getName()));
    assertThat(names).contains("bucket-life");

    assertThatThrownBy(() -> storage.create(BucketInfo.of("bucket-life")))
        .isInstanceOfSatisfying(StorageException.class,
            e -> assertThat(e.getCode()).isEqualTo(409));

    storage.create(BlobInfo.newBuilder("bucket-life", "dir/x").build(), new byte[] {1});
    assertThatThrownBy(() -> storage.delete("bucket-life"))
        .isInstanceOfSatisfying(StorageException.class,
            e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(storage.delete(BlobId.of("bucket-life", "dir/x"))).isTrue();
    assertThat(storage.delete("bucket-life")).isTrue();
    assertThat(storage.get("bucket-life")).isNull();
  }

  @Test
  void smallUploadReportsSizeAndChecksumsOfItsBytes() throws Exception {
    String bucket = newBucket("small-upload");
    byte[] data = "hello, local gcs\n".getBytes(StandardCharsets.UTF_8);
    Blob blob = storage.create(
        BlobInfo.newBuilder(bucket, "greeting.txt").setContentType("text/plain").build(), data);

    assertThat(blob.getSize()).isEqualTo(data.length);
    assertThat(blob.getCrc32c()).isEqualTo(LocalGcs.crc32c(data));
    assertThat(blob.getMd5()).isEqualTo(LocalGcs.md5(data));
    assertThat(blob.getContentType()).isEqualTo("text/plain");

    Blob fetched = storage.get(BlobId.of(bucket, "greeting.txt"));
    assertThat(fetched.getSize()).isEqualTo(data.length);
    assertThat(fetched.getCrc32c()).isEqualTo(LocalGcs.crc32c(data));
    assertThat(fetched.getMd5()).isEqualTo(LocalGcs.md5(data));
    assertThat(fetched.getGeneration()).isEqualTo(blob.getGeneration());
    assertThat(storage.readAllBytes(BlobId.of(bucket, "greeting.txt"))).isEqualTo(data);
    assertThat(fetched.getContent()).isEqualTo(data);
  }

  @Test
  void largeResumableUploadInChunksReadsBackWholeAndInRanges() throws Exception {
    String bucket = newBucket("large-upload");
    byte[] data = LocalGcs.randomBytes(20 * 1024 * 1024 + 12345, 7);
    BlobInfo info = BlobInfo.newBuilder(bucket, "big/object.bin").build();
    try (WriteChannel w = storage.writer(info)) {
      w.setChunkSize(4 * 1024 * 1024);
      // Writes of odd sizes, so chunks do not line up with them.
      for (int off = 0; off < data.length; off += 1_000_003) {
        int n = Math.min(1_000_003, data.length - off);
        w.write(ByteBuffer.wrap(data, off, n));
      }
    }
    Blob blob = storage.get(BlobId.of(bucket, "big/object.bin"));
    assertThat(blob.getSize()).isEqualTo(data.length);
    assertThat(blob.getCrc32c()).isEqualTo(LocalGcs.crc32c(data));
    assertThat(blob.getMd5()).isEqualTo(LocalGcs.md5(data));

    assertThat(storage.readAllBytes(blob.getBlobId())).isEqualTo(data);
    assertThat(read(blob.getBlobId(), 0, data.length)).isEqualTo(data);
    assertThat(read(blob.getBlobId(), 5_000_000, 5_000_100))
        .isEqualTo(Arrays.copyOfRange(data, 5_000_000, 5_000_100));
    assertThat(read(blob.getBlobId(), data.length - 10, data.length))
        .isEqualTo(Arrays.copyOfRange(data, data.length - 10, data.length));
  }

  @Test
  void streamUploadAsCamelDoesItAndDownloadToAFile() throws Exception {
    String bucket = newBucket("stream-upload");
    byte[] data = LocalGcs.randomBytes(9 * 1024 * 1024 + 1, 8);
    Blob blob = storage.createFrom(BlobInfo.newBuilder(bucket, "streamed").build(),
        new ByteArrayInputStream(data));
    assertThat(blob.getSize()).isEqualTo(data.length);
    assertThat(blob.getCrc32c()).isEqualTo(LocalGcs.crc32c(data));

    Path file = dir.resolve("downloaded.bin");
    storage.get(BlobId.of(bucket, "streamed")).downloadTo(file);
    assertThat(Files.readAllBytes(file)).isEqualTo(data);
  }

  private static byte[] read(BlobId id, long from, long to) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ReadChannel r = storage.reader(id)) {
      r.setChunkSize(0);
      r.seek(from);
      r.limit(to);
      ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
      while (r.read(buf) >= 0) {
        buf.flip();
        out.write(buf.array(), 0, buf.limit());
        buf.clear();
      }
    }
    return out.toByteArray();
  }

  @Test
  void userMetadataRoundTripsAndTheStoredChecksumKeyStaysHidden() {
    String bucket = newBucket("metadata");
    Map<String, String> meta =
        Map.of("Color", "blue", "hca-dss-sha256", "abc123", "ünï", "çödé");
    storage.create(BlobInfo.newBuilder(bucket, "m").setMetadata(meta).build(), new byte[] {42});

    Blob blob = storage.get(BlobId.of(bucket, "m"));
    assertThat(blob.getMetadata()).isEqualTo(meta).doesNotContainKey(ObjectStore.CRC32C_META);

    Map<String, String> change = new HashMap<>();
    change.put("Color", null);
    change.put("shape", "round");
    Blob updated = storage.update(blob.toBuilder().setMetadata(change).build());
    assertThat(updated.getMetadata())
        .containsEntry("shape", "round")
        .containsEntry("hca-dss-sha256", "abc123")
        .doesNotContainKey("Color")
        .doesNotContainKey(ObjectStore.CRC32C_META);
    assertThat(updated.getCrc32c()).isEqualTo(LocalGcs.crc32c(new byte[] {42}));
    assertThat(storage.readAllBytes(BlobId.of(bucket, "m"))).containsExactly(42);
  }

  @Test
  void listsByPrefixWithAndWithoutDelimiterAcrossPages() {
    String bucket = newBucket("listing");
    for (String name : List.of("dir/a", "dir/b", "dir/sub/c", "dir/sub/d", "other", "dirty")) {
      storage.create(BlobInfo.newBuilder(bucket, name).build(), name.getBytes());
    }
    assertThat(names(storage.list(bucket, Storage.BlobListOption.prefix("dir/"))))
        .containsExactly("dir/a", "dir/b", "dir/sub/c", "dir/sub/d");

    List<Blob> level = new ArrayList<>();
    storage.list(bucket, Storage.BlobListOption.prefix("dir/"),
        Storage.BlobListOption.currentDirectory()).iterateAll().forEach(level::add);
    assertThat(level).extracting(Blob::getName).containsExactly("dir/a", "dir/b", "dir/sub/");
    assertThat(level).filteredOn(Blob::isDirectory).extracting(Blob::getName)
        .containsExactly("dir/sub/");

    assertThat(names(storage.list(bucket, Storage.BlobListOption.pageSize(2))))
        .containsExactly("dir/a", "dir/b", "dir/sub/c", "dir/sub/d", "dirty", "other");
    Page<Blob> first = storage.list(bucket, Storage.BlobListOption.pageSize(2));
    assertThat(first.getValues()).hasSize(2);
    assertThat(first.hasNextPage()).isTrue();
  }

  private static List<String> names(Page<Blob> page) {
    List<String> out = new ArrayList<>();
    page.iterateAll().forEach(b -> out.add(b.getName()));
    return out;
  }

  @Test
  void deletedAndMissingObjectsAreAbsent() {
    String bucket = newBucket("deletion");
    storage.create(BlobInfo.newBuilder(bucket, "gone").build(), new byte[] {1, 2});
    assertThat(storage.delete(BlobId.of(bucket, "gone"))).isTrue();
    assertThat(storage.get(BlobId.of(bucket, "gone"))).isNull();
    assertThat(storage.delete(BlobId.of(bucket, "gone"))).isFalse();
    assertThat(storage.get(BlobId.of(bucket, "never-there"))).isNull();
    assertThatThrownBy(() -> storage.readAllBytes(BlobId.of(bucket, "never-there")))
        .isInstanceOfSatisfying(StorageException.class,
            e -> assertThat(e.getCode()).isEqualTo(404));
    assertThat(storage.get(BlobId.of("no-such-bucket", "x"))).isNull();
  }

  @Test
  void namesWithSpacesSlashesUnicodeAndPercentRoundTrip() {
    String bucket = newBucket("odd-names");
    List<String> names = List.of("with space.txt", "a/b/c.txt", "ünïcødé/名前.bin",
        "100%.txt",
        "%2F literally", "plus+sign", "question?hash#.txt");
    for (String name : names) {
      storage.create(BlobInfo.newBuilder(bucket, name).build(),
          name.getBytes(StandardCharsets.UTF_8));
    }
    for (String name : names) {
      assertThat(storage.get(BlobId.of(bucket, name)).getName()).isEqualTo(name);
      assertThat(new String(storage.readAllBytes(BlobId.of(bucket, name)), StandardCharsets.UTF_8))
          .isEqualTo(name);
    }
    assertThat(names(storage.list(bucket))).containsExactlyInAnyOrderElementsOf(names);
  }

  @Test
  void copiesAndComposesOnTheServer() throws Exception {
    String bucket = newBucket("copies");
    String other = newBucket("copies-target");
    byte[] a = "first part|".getBytes();
    byte[] b = "second part".getBytes();
    storage.create(BlobInfo.newBuilder(bucket, "a").setMetadata(Map.of("k", "v")).build(), a);
    storage.create(BlobInfo.newBuilder(bucket, "b").build(), b);

    Blob copy = storage.copy(Storage.CopyRequest.of(bucket, "a", BlobId.of(other, "a-copy")))
        .getResult();
    assertThat(copy.getSize()).isEqualTo(a.length);
    assertThat(copy.getCrc32c()).isEqualTo(LocalGcs.crc32c(a));
    assertThat(copy.getMetadata()).containsEntry("k", "v");
    assertThat(storage.readAllBytes(BlobId.of(other, "a-copy"))).isEqualTo(a);

    Blob composed = storage.compose(Storage.ComposeRequest.newBuilder()
        .addSource("a", "b")
        .setTarget(BlobInfo.newBuilder(bucket, "ab").setContentType("text/plain").build())
        .build());
    byte[] ab = (new String(a) + new String(b)).getBytes();
    assertThat(composed.getSize()).isEqualTo(ab.length);
    assertThat(composed.getCrc32c()).isEqualTo(LocalGcs.crc32c(ab));
    assertThat(composed.getMd5()).isEqualTo(LocalGcs.md5(ab));
    assertThat(storage.readAllBytes(BlobId.of(bucket, "ab"))).isEqualTo(ab);
  }

  @Test
  void doesNotExistPreconditionRefusesAnOverwrite() {
    String bucket = newBucket("preconditions");
    BlobInfo info = BlobInfo.newBuilder(bucket, "once").build();
    storage.create(info, new byte[] {1}, Storage.BlobTargetOption.doesNotExist());
    assertThatThrownBy(
            () -> storage.create(info, new byte[] {2}, Storage.BlobTargetOption.doesNotExist()))
        .isInstanceOfSatisfying(StorageException.class,
            e -> assertThat(e.getCode()).isEqualTo(412));
    assertThat(storage.readAllBytes(BlobId.of(bucket, "once"))).containsExactly(1);
  }
}
