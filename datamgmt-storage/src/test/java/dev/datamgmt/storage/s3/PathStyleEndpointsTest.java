package dev.datamgmt.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointParams;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider;

/** The fixed path-style provider gives the URL the SDK's S3 rule set gives, for the settings it is used with. */
class PathStyleEndpointsTest {

  @Property(tries = 200)
  void sameUrlAsTheSdkRules(@ForAll("buckets") String bucket, @ForAll("endpoints") String endpoint) {
    S3EndpointParams params = S3EndpointParams.builder().bucket(bucket).endpoint(endpoint).forcePathStyle(true)
        .region(Region.US_EAST_1).useArnRegion(false).build();
    URI sdk = S3EndpointProvider.defaultProvider().resolveEndpoint(params).join().url();
    URI ours = new PathStyleEndpoints(URI.create(endpoint)).resolveEndpoint(params).join().url();
    assertThat(ours).isEqualTo(sdk);
  }

  @Provide
  Arbitrary<String> buckets() {
    // S3 bucket names: 3-63 of [a-z0-9.-], starting and ending with a letter or digit
    Arbitrary<Character> edge = Arbitraries.chars().range('a', 'z').range('0', '9');
    Arbitrary<String> middle = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('-')
        .ofMinLength(1).ofMaxLength(20);
    return Combinators.combine(edge, middle, edge).as((a, m, z) -> a + m + z);
  }

  @Provide
  Arbitrary<String> endpoints() {
    return Combinators.combine(Arbitraries.of("http", "https"), Arbitraries.of("127.0.0.1", "localhost", "s3.example.org"),
        Arbitraries.integers().between(1024, 65535), Arbitraries.of("", "/")).as((s, h, p, tail) -> s + "://" + h + ":" + p + tail);
  }

  @Test
  void encodesWhatIsNotAPlainSegment() {
    assertThat(PathStyleEndpoints.encode("my.bucket_1~-x")).isEqualTo("my.bucket_1~-x");
    assertThat(PathStyleEndpoints.encode("a b/ü")).isEqualTo("a%20b%2F%C3%BC");
  }

  @Test
  void cachesOneEndpointPerBucket() {
    PathStyleEndpoints p = new PathStyleEndpoints(URI.create("http://127.0.0.1:9000//"));
    S3EndpointParams a = S3EndpointParams.builder().bucket("data").build();
    assertThat(p.resolveEndpoint(a).join().url()).hasToString("http://127.0.0.1:9000/data");
    assertThat(p.resolveEndpoint(a)).isSameAs(p.resolveEndpoint(a));
  }
}
