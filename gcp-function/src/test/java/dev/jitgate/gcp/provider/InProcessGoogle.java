package dev.jitgate.gcp.provider;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.iam.credentials.v1.IamCredentialsClient;
import com.google.cloud.iam.credentials.v1.IamCredentialsSettings;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import com.google.cloud.resourcemanager.v3.FoldersSettings;
import com.google.cloud.resourcemanager.v3.OrganizationsClient;
import com.google.cloud.resourcemanager.v3.OrganizationsSettings;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.cloud.resourcemanager.v3.ProjectsSettings;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The fakes of Resource Manager and IAM Credentials on an in-process gRPC server, and the real
 * Google clients talking to it over in-process channels, without credentials.
 */
public final class InProcessGoogle implements AutoCloseable {
  public final FakeResourceManager resourceManager = new FakeResourceManager();
  public final FakeIamCredentials iamCredentials;
  public final ProjectsClient projects;
  public final FoldersClient folders;
  public final OrganizationsClient organizations;
  public final IamCredentialsClient credentials;

  private final String name = InProcessServerBuilder.generateName();
  private final Server server;
  private final List<ManagedChannel> channels = new ArrayList<>();

  public InProcessGoogle(Clock clock) {
    iamCredentials = new FakeIamCredentials(clock);
    InProcessServerBuilder builder = InProcessServerBuilder.forName(name);
    for (var service : resourceManager.services()) {
      builder.addService(service);
    }
    builder.addService(iamCredentials);
    try {
      server = builder.build().start();
      projects =
          ProjectsClient.create(
              ProjectsSettings.newBuilder()
                  .setTransportChannelProvider(channel())
                  .setCredentialsProvider(NoCredentialsProvider.create())
                  .build());
      folders =
          FoldersClient.create(
              FoldersSettings.newBuilder()
                  .setTransportChannelProvider(channel())
                  .setCredentialsProvider(NoCredentialsProvider.create())
                  .build());
      organizations =
          OrganizationsClient.create(
              OrganizationsSettings.newBuilder()
                  .setTransportChannelProvider(channel())
                  .setCredentialsProvider(NoCredentialsProvider.create())
                  .build());
      credentials =
          IamCredentialsClient.create(
              IamCredentialsSettings.newBuilder()
                  .setTransportChannelProvider(channel())
                  .setCredentialsProvider(NoCredentialsProvider.create())
                  .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One channel per client, so that closing one client leaves the others working. */
  private TransportChannelProvider channel() {
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    channels.add(channel);
    return FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
  }

  @Override
  public void close() {
    projects.close();
    folders.close();
    organizations.close();
    credentials.close();
    try {
      for (ManagedChannel channel : channels) {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
