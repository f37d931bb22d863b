package dev.jitgate.slack;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.model.view.ViewState;
import com.slack.api.util.json.GsonFactory;
import dev.jitgate.domain.DomainException;
import dev.jitgate.domain.InvalidRequestException;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.http.Router;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /integrations/slack/interactions}: the clicks on a request's Approve and Deny buttons
 * and the submissions of the deny modal. A request is checked (signature, timestamp, replay) and
 * parsed at once; the decision itself is handed to the executor, and Slack gets its empty 200
 * without waiting when the executor runs it elsewhere (Slack wants an answer within 3 seconds).
 */
final class SlackInteractions implements Function<HttpRequest, HttpResponse> {
  static final String PATH = "/integrations/slack/interactions";

  private static final Logger LOG = Logger.getLogger(SlackInteractions.class.getName());
  private static final Gson GSON = GsonFactory.createSnakeCase();

  private final SlackSignatureCheck signatures;
  private final Supplier<SlackDecisions> decisions;
  private final Executor executor;

  SlackInteractions(
      SlackSignatureCheck signatures, Supplier<SlackDecisions> decisions, Executor executor) {
    this.signatures = signatures;
    this.decisions = decisions;
    this.executor = executor;
  }

  @Override
  public HttpResponse apply(HttpRequest request) {
    if (request.body().length > Router.MAX_BODY_BYTES) {
      return Router.error(413, "payload_too_large", "the body is larger than 64 KiB");
    }
    Optional<SlackSignatureCheck.Refusal> refusal =
        signatures.refusal(
            request.first("x-slack-request-timestamp"),
            request.first("x-slack-signature"),
            request.body());
    if (refusal.isPresent()) {
      SlackSignatureCheck.Refusal r = refusal.get();
      return r.kind() == SlackSignatureCheck.Refusal.Kind.REPLAYED
          ? Router.error(409, "conflict", r.message())
          : Router.error(401, "unauthenticated", r.message());
    }
    Optional<Runnable> work;
    try {
      work = work(request.body());
    } catch (InvalidRequestException
        | JsonParseException
        | IllegalStateException
        | UnsupportedOperationException
        | ClassCastException e) {
      // Signed by Slack, yet not a payload of the shape Slack documents.
      return Router.error(400, "invalid_request", "not a Slack interaction payload");
    }
    if (work.isPresent()) {
      try {
        executor.execute(work.get());
      } catch (RejectedExecutionException e) {
        return Router.error(503, "busy", "too many Slack interactions at once; click again");
      }
    }
    return new HttpResponse(200, Map.of(), new byte[0]);
  }

  /** What the payload asks for, or empty for an interaction jitgate does not handle. */
  private Optional<Runnable> work(byte[] body) {
    String payload = HttpRequest.parseForm(body).get("payload");
    if (payload == null) {
      throw new InvalidRequestException("no payload");
    }
    JsonObject json = JsonParser.parseString(payload).getAsJsonObject();
    String type = json.has("type") ? json.get("type").getAsString() : "";
    if (type.equals("block_actions")) {
      return blockAction(GSON.fromJson(payload, BlockActionPayload.class));
    }
    if (type.equals("view_submission")) {
      return viewSubmission(GSON.fromJson(payload, ViewSubmissionPayload.class));
    }
    return Optional.empty();
  }

  private Optional<Runnable> blockAction(BlockActionPayload p) {
    if (p.getActions() == null || p.getActions().isEmpty() || p.getUser() == null) {
      return Optional.empty();
    }
    BlockActionPayload.Action action = p.getActions().get(0);
    String actionId = action.getActionId() == null ? "" : action.getActionId();
    if (!actionId.equals(SlackMessages.APPROVE) && !actionId.equals(SlackMessages.DENY)) {
      return Optional.empty();
    }
    String channel =
        p.getContainer() != null && p.getContainer().getChannelId() != null
            ? p.getContainer().getChannelId()
            : p.getChannel() == null ? null : p.getChannel().getId();
    String ts =
        p.getContainer() != null && p.getContainer().getMessageTs() != null
            ? p.getContainer().getMessageTs()
            : p.getMessage() == null ? null : p.getMessage().getTs();
    Click click = new Click(p.getUser().getId(), action.getValue(), channel, ts);
    if (actionId.equals(SlackMessages.APPROVE)) {
      return Optional.of(() -> guarded(click, () -> decisions.get().approve(click)));
    }
    String triggerId = p.getTriggerId();
    return Optional.of(() -> guarded(click, () -> decisions.get().askReason(click, triggerId)));
  }

  private Optional<Runnable> viewSubmission(ViewSubmissionPayload p) {
    if (p.getView() == null
        || !SlackMessages.DENY_MODAL.equals(p.getView().getCallbackId())
        || p.getUser() == null) {
      return Optional.empty();
    }
    Click origin =
        SlackDecisions.fromMetadata(p.getUser().getId(), p.getView().getPrivateMetadata());
    String reason = reason(p.getView().getState());
    return Optional.of(() -> guarded(origin, () -> decisions.get().deny(origin, reason)));
  }

  private static String reason(ViewState state) {
    if (state == null || state.getValues() == null) {
      return "";
    }
    Map<String, ViewState.Value> block = state.getValues().get(SlackMessages.REASON_BLOCK);
    ViewState.Value value = block == null ? null : block.get(SlackMessages.REASON_INPUT);
    return value == null || value.getValue() == null ? "" : value.getValue();
  }

  /**
   * Runs one decision; a refusal is told to the clicker, anything else is logged, since no one
   * waits for this answer.
   */
  private void guarded(Click click, Runnable decision) {
    try {
      decision.run();
    } catch (SlackUsers.UnknownUser e) {
      decisions.get().tell(click, "You cannot decide here: " + e.getMessage());
    } catch (DomainException e) {
      decisions.get().tell(click, "Refused: " + e.getMessage() + ".");
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "a Slack decision on request {0} failed: {1}",
          new Object[] {click.request(), e.getClass().getSimpleName() + ": " + e.getMessage()});
      decisions
          .get()
          .tell(
              click,
              "Something went wrong, and nothing was decided. Try again, or use the link in your mail.");
    }
  }

  /**
   * One click: who, on which request, and where the message is.
   *
   * @param request the request id the button carries
   */
  record Click(String user, String request, String channel, String ts) {}
}
