/**
 * The check-time image test: an image that does not exist or is not AVAILABLE fails at preview,
 * with a clear message, instead of in the middle of an update.
 */
import { AppStreamClient, DescribeImagesCommand, Image } from "@aws-sdk/client-appstream";
import { errorMessage, errorName } from "../aws/fleets";

export interface ImageRef {
  imageName?: string;
  imageArn?: string;
}

/** Returns undefined when the image is usable, or the reason it is not. */
export async function imageProblem(client: AppStreamClient, ref: ImageRef): Promise<string | undefined> {
  const what = ref.imageArn !== undefined ? `image ARN ${ref.imageArn}` : `image ${ref.imageName}`;
  let images: Image[];
  try {
    const out = await client.send(
      new DescribeImagesCommand(ref.imageArn !== undefined ? { Arns: [ref.imageArn] } : { Names: [ref.imageName as string] }),
    );
    images = out.Images ?? [];
  } catch (e) {
    if (errorName(e) === "ResourceNotFoundException") images = [];
    else return `could not look up ${what}: ${errorMessage(e)}`;
  }
  const image = images[0];
  if (image === undefined) return `${what} does not exist in this account and region (see getImages() to list the available ones)`;
  if (image.State !== "AVAILABLE")
    return `${what} is ${image.State}, not AVAILABLE` + (image.StateChangeReason?.Message ? ` (${image.StateChangeReason.Message})` : "");
  return undefined;
}
