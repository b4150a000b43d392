/**
 * Read-only lookups: images (getImage, getImages) and streaming sessions (getSessions), each
 * with an *Output form for Pulumi programs, following @pulumi/aws's function convention.
 * Re-exported by the package root.
 */
export { getImage, getImageOutput, getImages, getImagesOutput } from "./images";
export { getSessions, getSessionsOutput } from "./sessions";
export { AmbiguousImageError, ImageNotFoundError, LookupArgumentError } from "./errors";
export type {
  ApplicationS3Location,
  GetImageArgs,
  GetImageOutputArgs,
  GetImageResult,
  GetImagesArgs,
  GetImagesOutputArgs,
  GetImagesResult,
  GetSessionsArgs,
  GetSessionsOutputArgs,
  GetSessionsResult,
  Image,
  ImageApplication,
  ImageError,
  ImageFilterArgs,
  ImagePermissions,
  ImageSelectorArgs,
  ImageStateChangeReason,
  LookupOptions,
  NetworkAccessConfiguration,
  Session,
} from "./types";
