/**
 * DescribeImages and image resolution for fleets. Images are regional: the catalogue is
 * written for us-east-1 and each answer rewrites ARNs into the caller's region.
 */
import {
  InvalidParameterCombinationException,
  ResourceNotAvailableException,
  imageNotFound,
} from "../errors";
import { DEFAULT_ACCOUNT_ID, LIST_PAGE_SIZE } from "../constants";
import { compact } from "../json";
import { paginate } from "../pagination";
import type { ImageJson } from "../types";
import type { CallContext } from "../context";
import type { Store } from "../store";

export interface DescribeImagesInput {
  Names?: string[];
  Arns?: string[];
  Type?: string;
  NextToken?: string;
  MaxResults?: number;
}

export function arnInRegion(arn: string, region: string): string {
  return arn.replace(/^(arn:[^:]*:[^:]*:)[^:]*:/, `$1${region}:`);
}

function inRegion(image: ImageJson, region: string): ImageJson {
  const out = structuredClone(image);
  if (out.Arn) out.Arn = arnInRegion(out.Arn, region);
  if (out.BaseImageArn) out.BaseImageArn = arnInRegion(out.BaseImageArn, region);
  return out;
}

export class ImageBackend {
  constructor(private readonly store: Store) {}

  describeImages(ctx: CallContext, input: DescribeImagesInput): { Images: ImageJson[]; NextToken?: string } {
    const names = input.Names ?? [];
    const arns = input.Arns ?? [];
    if (names.length && arns.length) {
      throw new InvalidParameterCombinationException("Specify either Names or Arns, not both.");
    }
    let images: ImageJson[];
    if (names.length) images = names.map((n) => this.byName(n));
    else if (arns.length) images = arns.map((a) => this.byArn(a, ctx.region));
    else images = [...this.store.images.values()];
    if (input.Type) images = images.filter((i) => i.Visibility === input.Type);
    const unique = [...new Map(images.map((i) => [i.Name, i])).values()];
    const pageSize = input.MaxResults || LIST_PAGE_SIZE; // 0 or absent: the default page
    const { page, nextToken } = paginate("DescribeImages", unique, (i) => i.Name, pageSize, input.NextToken);
    return compact({ Images: page.map((i) => inRegion(i, ctx.region)), NextToken: nextToken });
  }

  /** The image a fleet names; it must exist and be AVAILABLE. ARN comes back in the caller's region. */
  resolveForFleet(ctx: CallContext, ref: { ImageName?: string; ImageArn?: string }): ImageJson {
    const image = ref.ImageArn !== undefined ? this.byArn(ref.ImageArn, ctx.region) : this.byName(ref.ImageName ?? "");
    if (image.State !== undefined && image.State !== "AVAILABLE") {
      throw new ResourceNotAvailableException(
        `The image ${image.Name} is not available (state ${image.State}). Use an image in the AVAILABLE state.`,
      );
    }
    return inRegion(image, ctx.region);
  }

  /** Adds or replaces images (control API), filling the defaults of a private image. */
  addImages(images: readonly Partial<ImageJson>[], now: number): number {
    for (const input of images) {
      const image = withImageDefaults(input, now);
      this.store.images.set(image.Name, image);
    }
    return images.length;
  }

  private byName(name: string): ImageJson {
    const image = this.store.images.get(name);
    if (!image) throw imageNotFound(name);
    return image;
  }

  private byArn(arn: string, region: string): ImageJson {
    for (const image of this.store.images.values()) {
      if (image.Arn && arnInRegion(image.Arn, region) === arn) return image;
    }
    throw imageNotFound(arn);
  }
}

export function withImageDefaults(input: Partial<ImageJson>, now: number): ImageJson {
  const name = String(input.Name);
  const visibility = input.Visibility ?? "PRIVATE";
  // Public images live in AWS's catalogue and carry no account in their ARN.
  const account = visibility === "PUBLIC" ? "" : DEFAULT_ACCOUNT_ID;
  return {
    ...input,
    Name: name,
    Arn: input.Arn ?? `arn:aws:appstream:us-east-1:${account}:image/${name}`,
    State: input.State ?? "AVAILABLE",
    Visibility: visibility,
    CreatedTime: input.CreatedTime ?? Math.floor(now / 1000),
    Platform: input.Platform ?? "WINDOWS_SERVER_2019",
    ImageBuilderSupported: input.ImageBuilderSupported ?? true,
    // AWS's own images are NATIVE; an account's are CUSTOM unless imported (BYOL, said by the caller).
    ImageType: input.ImageType ?? (visibility === "PUBLIC" ? "NATIVE" : "CUSTOM"),
  };
}
