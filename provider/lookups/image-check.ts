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

/** How long an image's answer serves other fleets' checks (50 fleets of one image: one call). */
const SHARED_MS = 10_000;
const recent = new WeakMap<AppStreamClient, Map<string, { at: number; answer: Promise<string | undefined> }>>();

/**
 * Returns undefined when the image is usable, or the reason it is not. The fleets of a stack
 * checked at the same time, or within 10 s, of the same image share one DescribeImages (per
 * client, so per provider process); a failed lookup is not shared.
 */
export function imageProblem(client: AppStreamClient, ref: ImageRef): Promise<string | undefined> {
  const key = ref.imageArn !== undefined ? `arn:${ref.imageArn}` : `name:${ref.imageName}`;
  let byKey = recent.get(client);
  if (!byKey) recent.set(client, (byKey = new Map()));
  const now = Date.now();
  const kept = byKey.get(key);
  if (kept && now - kept.at < SHARED_MS) return kept.answer;
  const entry = { at: now, answer: lookUp(client, ref) };
  byKey.set(key, entry);
  entry.answer.then((problem) => {
    if (problem?.startsWith("could not look up") && byKey?.get(key) === entry) byKey.delete(key);
  });
  return entry.answer;
}

async function lookUp(client: AppStreamClient, ref: ImageRef): Promise<string | undefined> {
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
