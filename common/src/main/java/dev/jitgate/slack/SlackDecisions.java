package dev.jitgate.slack;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Caller;
import dev.jitgate.domain.ConflictException;
import dev.jitgate.domain.ForbiddenException;
import dev.jitgate.domain.InvalidRequestException;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.RequesterHistory;
import dev.jitgate.service.AccessService;
import dev.jitgate.service.Decide;
import dev.jitgate.summary.RequestSummary;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides as the Slack user who clicked, through the same {@link AccessService#decide} as the API,
 * so every rule holds: the requester never decides their own request, only an approver of the
 * entitlement decides, each approver once, and only while the request is PENDING. After a decision
 * the channel message is updated in place; a refusal is told to the clicker alone (an ephemeral
 * message).
 */
final class SlackDecisions {
  private static final Logger LOG = Logger.getLogger(SlackDecisions.class.getName());

  private final AccessService service;
  private final SlackUsers users;
  private final SlackApi api;

  SlackDecisions(AccessService service, SlackUsers users, SlackApi api) {
    this.service = service;
    this.users = users;
    this.api = api;
  }

  /** Approves as the clicker, then updates the message. */
  void approve(SlackInteractions.Click click) {
    Caller caller = users.caller(click.user());
    RequestId id = requestId(click.request());
    requireDecidableFromSlack(service.get(caller, id));
    AccessRequest after = service.decide(caller, Decide.approve(id, "approved in Slack"));
    update(click, after);
  }

  /**
   * Opens the modal that asks for the reason, after the checks that can be made before it, so a
   * clicker who may not deny is told at once instead of after typing a reason.
   */
  void askReason(SlackInteractions.Click click, String triggerId) {
    Caller caller = users.caller(click.user());
    RequestId id = requestId(click.request());
    AccessRequest request = service.get(caller, id);
    requireDecidableFromSlack(request);
    if (request.requester().equals(caller.email())) {
      throw new ForbiddenException("you cannot deny your own request");
    }
    if (request.state() != RequestState.PENDING) {
      throw new ConflictException("request " + id + " is already " + request.state());
    }
    if (triggerId == null || triggerId.isBlank()) {
      throw new InvalidRequestException("Slack sent no trigger_id to open the reason dialog with");
    }
    api.open(triggerId, SlackMessages.denyModal(metadata(click), request));
  }

  /** Denies as the submitter of the modal, then updates the message. */
  void deny(SlackInteractions.Click origin, String reason) {
    Caller caller = users.caller(origin.user());
    RequestId id = requestId(origin.request());
    requireDecidableFromSlack(service.get(caller, id));
    AccessRequest after = service.decide(caller, Decide.deny(id, reason));
    update(origin, after);
  }

  /** Tells the clicker alone; a failure to tell is logged, since nobody else can be told. */
  void tell(SlackInteractions.Click click, String text) {
    if (click.channel() == null || click.user() == null) {
      LOG.log(Level.INFO, "a Slack refusal had no channel to go to: {0}", text);
      return;
    }
    try {
      api.ephemeral(click.channel(), click.user(), SlackMessages.escape(text));
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "telling a Slack user why their click was refused failed: {0}",
          e.getMessage());
    }
  }

  /** An entitlement that asks approvers to sign in is decided on jitgate's own page only. */
  private void requireDecidableFromSlack(AccessRequest request) {
    if (service.signInRequired(request)) {
      throw new ForbiddenException(
          request.entitlement()
              + " asks approvers to sign in to jitgate, so it is decided from the approval link"
              + " in your mail, not in Slack");
    }
  }

  private void update(SlackInteractions.Click click, AccessRequest after) {
    if (click.channel() == null || click.ts() == null) {
      return;
    }
    // The service already told the channel about an outcome (approved, active, denied); this
    // update also covers a partial approval, which is no outcome, and is harmless when repeated.
    api.update(
        click.channel(),
        click.ts(),
        SlackMessages.fallback(after),
        SlackMessages.message(summary(after), after));
  }

  /** The request as the channel message shows it, with the requester's history as of now. */
  private RequestSummary summary(AccessRequest r) {
    RequesterHistory history = service.history(r);
    return RequestSummary.of(r, service.entitlementOf(r), Optional.of(history), history.asOf());
  }

  private static RequestId requestId(String value) {
    if (value == null || !RequestId.isValid(value)) {
      throw new InvalidRequestException("the button names no valid request");
    }
    return new RequestId(value);
  }

  /** The modal's private metadata: the request and the message the Deny click came from. */
  static String metadata(SlackInteractions.Click click) {
    JsonObject json = new JsonObject();
    json.addProperty("request", click.request());
    json.addProperty("channel", click.channel());
    json.addProperty("ts", click.ts());
    return json.toString();
  }

  /** The click a modal submission continues, from its private metadata. */
  static SlackInteractions.Click fromMetadata(String user, String metadata) {
    if (metadata == null || metadata.isBlank()) {
      throw new InvalidRequestException("the dialog carries no request");
    }
    JsonObject json = JsonParser.parseString(metadata).getAsJsonObject();
    return new SlackInteractions.Click(
        user, text(json, "request"), text(json, "channel"), text(json, "ts"));
  }

  private static String text(JsonObject json, String name) {
    return json.has(name) && !json.get(name).isJsonNull() ? json.get(name).getAsString() : null;
  }
}
