import { type FusionDirectoryClient, FusionDirectoryNotConfiguredError, type FusionDirectoryResponse } from "@fdo/sdk";

/**
 * What plugins get as `services.fusionDirectory` when the webservice is not configured: the service is always there
 * (so plugins load either way) and each call fails with `FDO_ERR_FD_NOT_CONFIGURED`, naming the keys to set.
 */
export class UnconfiguredFusionDirectoryClient implements FusionDirectoryClient {
  async call(): Promise<FusionDirectoryResponse> {
    throw new FusionDirectoryNotConfiguredError();
  }
}
