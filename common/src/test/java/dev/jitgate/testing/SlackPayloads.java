package dev.jitgate.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Interaction payloads shaped as Slack sends them (form-encoded {@code payload=<json>}), and their
 * signature computed here from Slack's published rule, {@code v0=HMAC-SHA256(secret,
 * "v0:<ts>:<body>")}, independently of the SDK the code under test uses.
 */
public final class SlackPayloads {
  public static final String TEAM = "T0TEAM0001";
  public static final String CHANNEL = "C0123456789";

  private SlackPayloads() {}

  /** A click on a message button, as a {@code block_actions} payload. */
  public static String click(
      String userId, String actionId, String requestId, String channel, String messageTs) {
    return "{\"type\":\"block_actions\",\"user\":{\"id\":\""
        + userId
        + "\",\"username\":\"someone\",\"name\":\"someone\",\"team_id\":\""
        + TEAM
        + "\"},\"api_app_id\":\"A0APP00001\",\"token\":\"verification-token\","
        + "\"container\":{\"type\":\"message\",\"message_ts\":\""
        + messageTs
        + "\",\"channel_id\":\""
        + channel
        + "\",\"is_ephemeral\":false},\"trigger_id\":\"1234567890.987654321.abcdef\","
        + "\"team\":{\"id\":\""
        + TEAM
        + "\",\"domain\":\"acme\"},\"enterprise\":null,\"is_enterprise_install\":false,"
        + "\"channel\":{\"id\":\""
        + channel
        + "\",\"name\":\"access-requests\"},\"message\":{\"type\":\"message\",\"subtype\":"
        + "\"bot_message\",\"text\":\"jitgate\",\"ts\":\""
        + messageTs
        + "\",\"bot_id\":\"B0BOT00001\",\"blocks\":[]},\"state\":{\"values\":{}},"
        + "\"response_url\":\"https://hooks.slack.com/actions/T0TEAM0001/1/xyz\","
        + "\"actions\":[{\"action_id\":\""
        + actionId
        + "\",\"block_id\":\"jitgate_decide\",\"text\":{\"type\":\"plain_text\",\"text\":"
        + "\"Click\",\"emoji\":true},\"value\":\""
        + requestId
        + "\",\"type\":\"button\",\"action_ts\":\"1700000001.000200\"}]}";
  }

  /** The deny modal submitted, as a {@code view_submission} payload. */
  public static String denySubmission(String userId, String privateMetadata, String reason) {
    return "{\"type\":\"view_submission\",\"team\":{\"id\":\""
        + TEAM
        + "\",\"domain\":\"acme\"},\"user\":{\"id\":\""
        + userId
        + "\",\"username\":\"someone\",\"name\":\"someone\",\"team_id\":\""
        + TEAM
        + "\"},\"api_app_id\":\"A0APP00001\",\"token\":\"verification-token\","
        + "\"trigger_id\":\"1234567890.987654322.abcdef\",\"view\":{\"id\":\"V0001\","
        + "\"team_id\":\""
        + TEAM
        + "\",\"type\":\"modal\",\"blocks\":[],\"private_metadata\":"
        + quote(privateMetadata)
        + ",\"callback_id\":\"jitgate_deny_reason\",\"state\":{\"values\":{\"reason\":"
        + "{\"reason\":{\"type\":\"plain_text_input\",\"value\":"
        + quote(reason)
        + "}}}},\"hash\":\"1700000002.abcdef\",\"title\":{\"type\":\"plain_text\",\"text\":"
        + "\"Deny the request\"},\"app_id\":\"A0APP00001\",\"bot_id\":\"B0BOT00001\"},"
        + "\"response_urls\":[],\"is_enterprise_install\":false,\"enterprise\":null}";
  }

  /** The form body Slack posts: {@code payload=<url-encoded json>}. */
  public static String form(String payloadJson) {
    return "payload=" + URLEncoder.encode(payloadJson, StandardCharsets.UTF_8);
  }

  /** {@code X-Slack-Signature} for {@code body} sent at {@code unixSeconds}. */
  public static String sign(String signingSecret, long unixSeconds, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest =
          mac.doFinal(("v0:" + unixSeconds + ":" + body).getBytes(StandardCharsets.UTF_8));
      return "v0=" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
