package dev.jitgate.gcp.provider;

import dev.jitgate.testing.ThrowawayCa;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The fakes of Resource Manager and IAM Credentials behind a TLS gRPC server on 127.0.0.1, with a
 * certificate for {@code localhost} from a throwaway CA, for clients in another JVM: the CA goes to
 * a PKCS#12 trust store that such a JVM names with {@code javax.net.ssl.trustStore}. Every call is
 * recorded with its {@code authorization} header.
 */
public final class GoogleOverTls implements AutoCloseable {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  /** One call: the gRPC method and the header the client authenticated with. */
  public record Call(String method, String authorization) {}

  private final FakeResourceManager resourceManager = new FakeResourceManager();
  private final FakeIamCredentials iamCredentials = new FakeIamCredentials(Clock.systemUTC());
  private final List<Call> calls = new ArrayList<>();
  private final Server server;
  private final Path trustStore;
  private final String trustStorePassword;

  private GoogleOverTls(Path dir) throws IOException, GeneralSecurityException {
    ThrowawayCa ca = ThrowawayCa.create(dir, "google-ca");
    ThrowawayCa.ServerCertificate certificate = ca.issueServerCertificate("google");
    trustStorePassword = randomPassword();
    trustStore = dir.resolve("google-trust.p12");
    writeTrustStore(ca.certificateFile(), trustStore, trustStorePassword.toCharArray());
    ServerInterceptor recorder =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            synchronized (calls) {
              calls.add(
                  new Call(
                      call.getMethodDescriptor().getFullMethodName(), headers.get(AUTHORIZATION)));
            }
            return next.startCall(call, headers);
          }
        };
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .sslContext(
                GrpcSslContexts.forServer(
                        certificate.certificateFile().toFile(),
                        certificate.privateKeyFile().toFile())
                    .build());
    for (var service : resourceManager.services()) {
      builder.addService(ServerInterceptors.intercept(service, recorder));
    }
    builder.addService(ServerInterceptors.intercept(iamCredentials, recorder));
    server = builder.build().start();
  }

  /** Starts it, its CA and trust store in {@code dir}. */
  public static GoogleOverTls start(Path dir) throws IOException, GeneralSecurityException {
    return new GoogleOverTls(dir);
  }

  /** {@code localhost:<port>}: the endpoint the clients are given, matching the certificate. */
  public String endpoint() {
    return "localhost:" + server.getPort();
  }

  public Path trustStore() {
    return trustStore;
  }

  public String trustStorePassword() {
    return trustStorePassword;
  }

  /** A project, folder or organization that exists, with an empty policy. */
  public void createResource(String resource) {
    resourceManager.create(resource);
  }

  public void createServiceAccount(String email) {
    iamCredentials.createServiceAccount(email);
  }

  /** The policy versions the getIamPolicy calls asked for, in order. */
  public List<Integer> requestedPolicyVersions() {
    return resourceManager.gets().stream()
        .map(received -> received.request().getOptions().getRequestedPolicyVersion())
        .toList();
  }

  /** The service accounts generateAccessToken was asked for, in order. */
  public List<String> tokenRequests() {
    return iamCredentials.requests().stream().map(request -> request.getName()).toList();
  }

  public List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private static String randomPassword() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static void writeTrustStore(Path caPem, Path file, char[] password)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, password);
    try (InputStream in = Files.newInputStream(caPem)) {
      store.setCertificateEntry(
          "google-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password);
    }
  }
}
