/**
 * DescribeImages, with the client it is given: every page of a request (the lookups), and the
 * check-time image test (a fleet's image that does not exist or is not AVAILABLE fails at
 * preview, with a clear message, instead of in the middle of an update). The SDK loads on the
 * first call (./sdk.ts).
 */
import type { AppStreamClient, DescribeImagesCommandInput, Image } from "@aws-sdk/client-appstream";
import { errorMessage, errorName } from "./errors";
import { appStreamSdk } from "./sdk";

/** The members of a DescribeImages request, paging aside. */
export type ImagesRequest = Pick<DescribeImagesCommandInput, "Names" | "Arns" | "Type">;

/** DescribeImages' MaxResults maximum: the fewest round trips. */
const PAGE_SIZE = 25;

/**
 * Every image DescribeImages returns for the request, all pages read (the SDK's paginator).
 * A name or ARN that AppStream does not know is answered with ResourceNotFoundException: that is
 * no image, an empty list. Other errors are the SDK's, unwrapped (the caller says what it was
 * doing).
 */
export async function describeImages(client: AppStreamClient, request: ImagesRequest): Promise<Image[]> {
  const images: Image[] = [];
  try {
    for await (const page of appStreamSdk().paginateDescribeImages({ client, pageSize: PAGE_SIZE }, { ...request })) images.push(...(page.Images ?? []));
  } catch (e) {
    if (errorName(e) === "ResourceNotFoundException" && (request.Names !== undefined || request.Arns !== undefined)) return [];
    throw e;
  }
  return images;
}

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
    // One name or ARN: one page, one call.
    const { DescribeImagesCommand } = appStreamSdk();
    const out = await client.send(new DescribeImagesCommand(ref.imageArn !== undefined ? { Arns: [ref.imageArn] } : { Names: [ref.imageName as string] }));
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
