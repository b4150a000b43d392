/**
 * getImage / getImages: read-only DescribeImages lookups. Safe in a Pulumi preview (they only
 * read) and outside a Pulumi program (scripts, tests): the client is built at call time like the
 * Fleet's (appStreamClient), so region, endpoint and credentials resolve the same way and are
 * never captured.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AppStreamClient } from "@aws-sdk/client-appstream";
import { appStreamClient, clientRegion } from "../aws/client";
import { errorMessage } from "../aws/errors";
import { describeImages } from "../aws/images";
import { parseGetImageArgs, parseGetImagesArgs, regionArg, type ImageQuery } from "./args";
import { toImage } from "./convert";
import { programError } from "./errors";
import { pickImage } from "./pick";
import { describeImageQuery, describeImagesRequest, selectImages } from "./select";
import type {
  GetImageArgs,
  GetImageOutputArgs,
  GetImageResult,
  GetImagesArgs,
  GetImagesOutputArgs,
  GetImagesResult,
  Image,
  LookupOptions,
} from "./types";

/**
 * One image. Exactly one of `name`, `arn`, `nameRegex` selects; `type`, `platform`,
 * `imageBuilderSupported` and `states` (default ["AVAILABLE"]) filter. Fails with
 * ImageNotFoundError when nothing matches and AmbiguousImageError when several do (unless
 * `mostRecent`), and with LookupArgumentError, before any call, on bad arguments.
 *
 * @example
 *   const image = await getImage({ nameRegex: "^AppStream-WinServer2019-", type: "PUBLIC", mostRecent: true });
 */
export async function getImage(args: GetImageArgs, opts: LookupOptions = {}): Promise<GetImageResult> {
  const q = parseGetImageArgs(args);
  const client = appStreamClient({ ...opts, region: regionArg("getImage", args) ?? opts.region });
  const images = await imagesOf(client, q);
  const selection = selectImages(q, images);
  const where = `in ${await clientRegion(client)}`;
  if (selection.matches.length > 0) return pickImage(q, selection, where);
  // Nothing matched: the suggestions come from every image the account sees (one more listing,
  // unless the first one already was that: a nameRegex without type).
  const everything = describeImagesRequest(q);
  const pool = Object.keys(everything).length === 0 ? images : await imagesOf(client, { ...q, selector: { kind: "all" }, type: undefined }).catch(() => undefined);
  return pickImage(q, selection, where, pool);
}

/**
 * getImage for Pulumi programs: the arguments may be Inputs (Outputs of other resources), the
 * result is an Output. The lookup runs during preview too when its arguments are known; if one
 * is unknown, so is the result. A failed lookup fails the Pulumi program. Outside a program
 * (scripts, tests) the Output still resolves, but it has no way to hand an error back (it
 * becomes an unhandled rejection): there, call getImage.
 */
export function getImageOutput(args: GetImageOutputArgs, opts?: LookupOptions): pulumi.Output<GetImageResult> {
  return pulumi.output(args).apply((a) => getImage(a, opts).catch(programError));
}

/**
 * Every image that passes the selector (optional here: none lists every image) and the same
 * filters as getImage, all pages read. No match is an empty list, not an error.
 */
export async function getImages(args: GetImagesArgs = {}, opts: LookupOptions = {}): Promise<GetImagesResult> {
  const q = parseGetImagesArgs(args);
  const client = appStreamClient({ ...opts, region: regionArg("getImages", args) ?? opts.region });
  const images = await imagesOf(client, q);
  return { images: selectImages(q, images).matches };
}

/** getImages for Pulumi programs (Input arguments, Output result); see getImageOutput. */
export function getImagesOutput(args: GetImagesOutputArgs = {}, opts?: LookupOptions): pulumi.Output<GetImagesResult> {
  return pulumi.output(args).apply((a) => getImages(a, opts).catch(programError));
}

/** Every page of DescribeImages for the query, converted to plain JSON (no filtering yet). */
async function imagesOf(client: AppStreamClient, q: ImageQuery): Promise<Image[]> {
  try {
    // A name or ARN that AppStream does not know is no image ([]), which pickImage reports with the whole query.
    return (await describeImages(client, describeImagesRequest(q))).map(toImage);
  } catch (e) {
    throw new Error(`${q.fn}: DescribeImages failed for ${describeImageQuery(q)}: ${errorMessage(e)}`, { cause: e });
  }
}
