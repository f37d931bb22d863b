package dev.jitgate.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.request.chat.ChatPostEphemeralRequest;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.request.users.UsersInfoRequest;
import com.slack.api.methods.request.views.ViewsOpenRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.model.User;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The five Slack Web API methods jitgate calls, through Slack's own Java SDK with the bot token.
 * Every failure is a {@link SlackException} naming the method and Slack's error code; none carries
 * the token. Slack's rate limits answer 429, which is reported, not retried: a notification that
 * fails is recorded in the audit trail and a click can be repeated.
 */
final class SlackApi {
  /** Slack's own Web API. */
  static final String DEFAULT_URL = "https://slack.com/api/";

  private final MethodsClient methods;

  /**
   * @param apiUrl the Web API base URL, ending in {@code /}; tests point it at a loopback stub
   * @param timeout for each call, connecting and answering together
   */
  SlackApi(String botToken, String apiUrl, Duration timeout) {
    Objects.requireNonNull(botToken, "botToken");
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(Objects.requireNonNull(apiUrl, "apiUrl"));
    int millis = Math.toIntExact(timeout.toMillis());
    config.setHttpClientCallTimeoutMillis(millis);
    config.setHttpClientReadTimeoutMillis(millis);
    config.setHttpClientWriteTimeoutMillis(millis);
    // No metrics datastore and its background thread: a function instance keeps nothing between
    // calls, and the counts would only use memory.
    config.setStatsEnabled(false);
    this.methods = Slack.getInstance(config).methods(botToken);
  }

  /** Where a posted message landed. */
  record Posted(String channel, String ts) {}

  /** {@code chat.postMessage}, in a thread when {@code threadTs} is not null. */
  Posted post(String channel, String text, List<LayoutBlock> blocks, String threadTs) {
    ChatPostMessageResponse response =
        call(
            "chat.postMessage",
            () ->
                methods.chatPostMessage(
                    ChatPostMessageRequest.builder()
                        .channel(channel)
                        .text(text)
                        .blocks(blocks)
                        .threadTs(threadTs)
                        .unfurlLinks(false)
                        .unfurlMedia(false)
                        .build()));
    return new Posted(response.getChannel(), response.getTs());
  }

  /** {@code chat.update}: replaces the message at {@code ts}. */
  void update(String channel, String ts, String text, List<LayoutBlock> blocks) {
    call(
        "chat.update",
        () ->
            methods.chatUpdate(
                ChatUpdateRequest.builder()
                    .channel(channel)
                    .ts(ts)
                    .text(text)
                    .blocks(blocks)
                    .build()));
  }

  /** {@code chat.postEphemeral}: a message only {@code user} sees, in {@code channel}. */
  void ephemeral(String channel, String user, String text) {
    call(
        "chat.postEphemeral",
        () ->
            methods.chatPostEphemeral(
                ChatPostEphemeralRequest.builder().channel(channel).user(user).text(text).build()));
  }

  /** {@code views.open}: a modal, within 3 seconds of the click that gave {@code triggerId}. */
  void open(String triggerId, View view) {
    call(
        "views.open",
        () ->
            methods.viewsOpen(ViewsOpenRequest.builder().triggerId(triggerId).view(view).build()));
  }

  /** {@code users.info}. */
  User user(String userId) {
    UsersInfoResponse response =
        call(
            "users.info", () -> methods.usersInfo(UsersInfoRequest.builder().user(userId).build()));
    return response.getUser();
  }

  private interface Call<T extends SlackApiTextResponse> {
    T run() throws IOException, SlackApiException;
  }

  private static <T extends SlackApiTextResponse> T call(String method, Call<T> call) {
    T response;
    try {
      response = call.run();
    } catch (SlackApiException e) {
      // A non-200 answer, such as 429 when rate limited; the body is Slack's, without our token.
      int status = e.getResponse() == null ? 0 : e.getResponse().code();
      String error = e.getError() != null ? e.getError().getError() : null;
      throw new SlackException(method, "HTTP " + status + (error == null ? "" : " " + error));
    } catch (IOException e) {
      throw new SlackException(
          method,
          "could not reach Slack: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
    if (!response.isOk()) {
      String error = response.getError() == null ? "not ok" : response.getError();
      // missing_scope names the scope the app lacks: say it, so the operator can add it.
      String needed =
          response.getNeeded() == null ? "" : " (the app needs " + response.getNeeded() + ")";
      throw new SlackException(method, error + needed);
    }
    return response;
  }
}
