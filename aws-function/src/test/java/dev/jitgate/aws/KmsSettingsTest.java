package dev.jitgate.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.jitgate.config.Environment;
import dev.jitgate.config.SigningKeysSetting;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.UserId;
import dev.jitgate.testing.SigningKeysJson;
import dev.jitgate.token.ApprovalTokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Secret settings given as KMS ciphertexts, here the signing keys: one Decrypt, with the encryption
 * context the key policy requires, against a WireMock stub of KMS's JSON 1.1 protocol that asserts
 * the wire request.
 */
class KmsSettingsTest {
  static final String KEY_ARN =
      "arn:aws:kms:eu-west-1:123456789012:key/0b2f5d7e-1234-4c1a-9d2e-0123456789ab";
  static final String DECRYPT = "TrentService.Decrypt";
  static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /** Opaque bytes standing for KMS's ciphertext blob; its base64 is what Terraform passes on. */
  static final String CIPHERTEXT =
      Base64.getEncoder()
          .encodeToString("not-really-a-kms-ciphertext".getBytes(StandardCharsets.UTF_8));

  final String keys = SigningKeysJson.of("k2", "k1", "k2");
  final Map<String, String> env = new HashMap<>();
  WireMockServer kms;
  AwsClients clients;

  @BeforeEach
  void start() {
    kms = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    kms.start();
    clients =
        new AwsClients(
            Region.EU_WEST_1,
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDSTUBSTUBSTUBSTUB", "stub-secret")),
            Map.of("KMS", URI.create("http://127.0.0.1:" + kms.port())));
    env.put(KmsSettings.SIGNING_KEYS_CIPHERTEXT, CIPHERTEXT);
    env.put(KmsSettings.SIGNING_KEYS_KEY, KEY_ARN);
  }

  @AfterEach
  void stop() {
    clients.close();
    kms.stop();
  }

  static ResponseDefinitionBuilder decrypted(String plaintext) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody(
            "{\"KeyId\":\""
                + KEY_ARN
                + "\",\"Plaintext\":\""
                + Base64.getEncoder().encodeToString(plaintext.getBytes(StandardCharsets.UTF_8))
                + "\",\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}");
  }

  static ResponseDefinitionBuilder kmsError(String type, String message) {
    return aResponse()
        .withStatus(400)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withHeader("x-amzn-ErrorType", type)
        .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
  }

  static RequestPatternBuilder decryptRequested() {
    return postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(DECRYPT));
  }

  void answer(ResponseDefinitionBuilder response) {
    kms.stubFor(
        post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(DECRYPT)).willReturn(response));
  }

  Optional<ApprovalTokens> read() {
    return KmsSettings.signingKeys(new Environment(env::get), clients::kms, CLOCK);
  }

  @Test
  void ciphertext_isDecryptedWithTheKeyAndTheEncryptionContext_intoTheSigningKeys() {
    answer(decrypted(keys));

    ApprovalTokens tokens = read().orElseThrow();

    kms.verify(
        exactly(1),
        decryptRequested()
            .withHeader("Content-Type", equalTo("application/x-amz-json-1.1"))
            .withRequestBody(
                equalToJson(
                    "{\"CiphertextBlob\":\""
                        + CIPHERTEXT
                        + "\",\"EncryptionContext\":{\"jitgate:setting\":\"JITGATE_SIGNING_KEYS\"},"
                        + "\"KeyId\":\""
                        + KEY_ARN
                        + "\"}")));
    // The tokens are the decrypted keys: a link they sign verifies with the same JSON read plainly.
    String link =
        tokens.issue(
            new RequestId("req-0000000001"),
            new UserId("carol@example.com"),
            NOW.plus(Duration.ofHours(1)));
    ApprovalTokens plain = SigningKeysSetting.tokens("test", keys, CLOCK);
    assertThat(plain.verify(link).approver()).isEqualTo(new UserId("carol@example.com"));
  }

  @Test
  void withoutAKeyId_theRequestNamesNone_andKmsUsesTheKeyInTheCiphertext() {
    env.remove(KmsSettings.SIGNING_KEYS_KEY);
    answer(decrypted(keys));

    assertThat(read()).isPresent();

    kms.verify(
        exactly(1),
        decryptRequested()
            .withRequestBody(matchingJsonPath("$.KeyId", absent()))
            .withRequestBody(
                matchingJsonPath(
                    "$.EncryptionContext['jitgate:setting']", equalTo("JITGATE_SIGNING_KEYS"))));
  }

  @Test
  void plainVariableOnly_isLeftToTheBuilder_andNothingIsDecrypted() {
    env.clear();
    env.put(SigningKeysSetting.NAME, keys);

    assertThat(read()).isEmpty();

    kms.verify(exactly(0), anyRequestedFor(anyUrl()));
  }

  @Test
  void bothVariables_areRefused_beforeAnyCall() {
    env.put(SigningKeysSetting.NAME, keys);

    Throwable thrown = catchThrowable(this::read);

    assertThat(thrown)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(KmsSettings.SIGNING_KEYS_CIPHERTEXT)
        .hasMessageContaining(SigningKeysSetting.NAME)
        .hasMessageContaining("not both");
    kms.verify(exactly(0), anyRequestedFor(anyUrl()));
  }

  @Test
  void ciphertextThatIsNotBase64_failsBeforeAnyCall_withoutEchoingIt() {
    env.put(KmsSettings.SIGNING_KEYS_CIPHERTEXT, "%%%not-base64%%%");

    Throwable thrown = catchThrowable(this::read);

    assertThat(thrown)
        .hasMessageContaining(KmsSettings.SIGNING_KEYS_CIPHERTEXT + " must be")
        .hasMessageNotContaining("not-base64");
    kms.verify(exactly(0), anyRequestedFor(anyUrl()));
  }

  @Test
  void accessDenied_namesTheVariableTheKeyAndWhatTheKeyPolicyMustAllow_butNoKeyMaterial() {
    answer(
        kmsError(
            "AccessDeniedException",
            "User: arn:aws:sts::123456789012:assumed-role/jitgate-api/jitgate-api is not"
                + " authorized to perform: kms:Decrypt on resource: "
                + KEY_ARN
                + " with an explicit deny in a resource-based policy"));

    Throwable thrown = catchThrowable(this::read);

    assertThat(thrown)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(KmsSettings.SIGNING_KEYS_CIPHERTEXT)
        .hasMessageContaining("kms:Decrypt")
        .hasMessageContaining(KEY_ARN)
        .hasMessageContaining("assumed-role/jitgate-api")
        .hasMessageContaining("jitgate:setting=JITGATE_SIGNING_KEYS")
        .hasMessageNotContaining(CIPHERTEXT);
    // The standard SDK retries do not retry a denial.
    kms.verify(exactly(1), decryptRequested());
  }

  @Test
  void ciphertextUnderAnotherContextOrKey_saysSo() {
    answer(kmsError("InvalidCiphertextException", ""));

    assertThat(catchThrowable(this::read))
        .hasMessageContaining(KmsSettings.SIGNING_KEYS_CIPHERTEXT)
        .hasMessageContaining("InvalidCiphertextException")
        .hasMessageContaining("encryption context jitgate:setting=JITGATE_SIGNING_KEYS");

    kms.resetAll();
    answer(
        kmsError("IncorrectKeyException", "The key ID in the request does not identify the key"));
    assertThat(catchThrowable(this::read))
        .hasMessageContaining("IncorrectKeyException")
        .hasMessageContaining(KmsSettings.SIGNING_KEYS_KEY);
  }

  @Test
  void decryptedValueThatIsNotTheKeysJson_failsNamingTheVariable_withoutEchoingIt() {
    String secret = "c2VjcmV0LXRoYXQtbXVzdC1ub3QtbGVhay1pbnRvLWxvZ3M=";
    answer(decrypted("k1:" + secret));

    Throwable thrown = catchThrowable(this::read);

    assertThat(thrown)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            KmsSettings.SIGNING_KEYS_CIPHERTEXT + " (decrypted) must be JSON like")
        .hasMessageNotContaining(secret);
  }

  @Test
  void anotherSecretSetting_isDecryptedUnderItsOwnContext() {
    env.clear();
    env.put("JITGATE_AUDIT_KEY_KMS", CIPHERTEXT);
    answer(decrypted("audit-key-plaintext"));

    Optional<String> plaintext =
        KmsSettings.decrypted(new Environment(env::get), "JITGATE_AUDIT_KEY", clients::kms);

    assertThat(plaintext).contains("audit-key-plaintext");
    kms.verify(
        exactly(1),
        decryptRequested()
            .withRequestBody(
                equalToJson(
                    "{\"CiphertextBlob\":\""
                        + CIPHERTEXT
                        + "\",\"EncryptionContext\":{\"jitgate:setting\":\"JITGATE_AUDIT_KEY\"}}")));
  }
}
