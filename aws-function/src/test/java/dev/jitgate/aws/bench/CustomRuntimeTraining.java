package dev.jitgate.aws.bench;

import dev.jitgate.testing.IdentityProviderStub;
import dev.jitgate.testing.coldstart.FakeRuntimeApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The training run of the custom-runtime package (profile {@code custom-runtime}): starts the
 * package's own {@code bootstrap} with {@code JITGATE_CDS_TRAINING} set, so that its JVM (the
 * jlinked one) writes the class-data archive when it exits, and serves it, through the {@link
 * FakeRuntimeApi}, the requests a function instance serves first: {@code /healthz}, an
 * unauthenticated call, and authenticated reads of the caller's requests (DynamoDB Local on
 * loopback) and entitlements (a token of an identity provider on loopback). Then it stops the
 * runtime with SIGTERM, on which the JVM writes the archive.
 *
 * <p>Arguments: {@code TASK-ROOT ARCHIVE EVENT-FILE POLICY}. Fails when an answer is not a 200 (or
 * the 401 of the unauthenticated call), or when no archive was written.
 */
public final class CustomRuntimeTraining {
  private CustomRuntimeTraining() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: CustomRuntimeTraining TASK-ROOT ARCHIVE EVENT-FILE POLICY");
      System.exit(2);
    }
    Path root = Path.of(args[0]).toAbsolutePath();
    Path archive = Path.of(args[1]).toAbsolutePath();
    Path event = Path.of(args[2]);
    Files.deleteIfExists(archive);
    ServerConnector dynamo = DynamoDbLocalOnLoopback.start();
    try (IdentityProviderStub idp = new IdentityProviderStub();
        FakeRuntimeApi runtimeApi = new FakeRuntimeApi()) {
      Map<String, String> env =
          BenchEnvironment.function(dynamo.getLocalPort(), idp.jwksUri(), args[3]);
      ColdStartProbe.setup(env);
      String token = idp.idToken("alice@example.com", Map.of(), "sre");
      List<String> expected = List.of("200", "401", "200", "200", "200", "200");
      List<CompletableFuture<FakeRuntimeApi.Answer>> answers = new ArrayList<>();
      answers.add(runtimeApi.offer(ColdStartProbe.event(event, null, "/healthz")));
      answers.add(runtimeApi.offer(ColdStartProbe.event(event, null, "/api/v1/requests")));
      for (String path :
          List.of(
              "/api/v1/requests",
              "/api/v1/entitlements",
              "/api/v1/requests",
              "/api/v1/entitlements")) {
        answers.add(runtimeApi.offer(ColdStartProbe.event(event, token, path)));
      }
      ProcessBuilder bootstrap = new ProcessBuilder(root.resolve("bootstrap").toString());
      bootstrap.environment().putAll(env);
      bootstrap.environment().put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
      bootstrap.environment().put("LAMBDA_TASK_ROOT", root.toString());
      bootstrap.environment().put("_HANDLER", "dev.jitgate.aws.handler.ApiHandler::handleRequest");
      bootstrap.environment().put("JITGATE_CDS_TRAINING", archive.toString());
      bootstrap.inheritIO();
      Process process = bootstrap.start();
      try {
        for (int i = 0; i < answers.size(); i++) {
          FakeRuntimeApi.Answer answer = answerOrExit(answers.get(i), process);
          String status = "\"statusCode\":" + expected.get(i);
          if (answer.error() || !answer.body().contains(status)) {
            throw new IOException("training request " + i + " answered: " + answer.body());
          }
        }
      } finally {
        process.destroy();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IOException("the training runtime did not exit within 120 s of SIGTERM");
        }
      }
      if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
        throw new IOException("the training run wrote no archive at " + archive);
      }
      System.out.println("training run: wrote " + archive + " (" + Files.size(archive) + " bytes)");
    } finally {
      dynamo.getServer().stop();
    }
    // DynamoDB Local leaves threads that are not daemons.
    System.exit(0);
  }

  /** The runtime's answer within 120 s; fails at once when the runtime exits first. */
  private static FakeRuntimeApi.Answer answerOrExit(
      CompletableFuture<FakeRuntimeApi.Answer> answer, Process runtime) throws Exception {
    CompletableFuture.anyOf(answer, runtime.onExit()).get(120, TimeUnit.SECONDS);
    if (!answer.isDone()) {
      throw new IOException(
          "the training runtime exited with status " + runtime.exitValue() + " before answering");
    }
    return answer.get();
  }
}
