/** Image and session operations (read-only). */
import type { DescribeImagesInput } from "../../service/images/backend";
import type { DescribeSessionsInput } from "../../service/sessions";
import { op, type Operation } from "./operation";

export const LOOKUP_OPERATIONS: Record<string, Operation> = {
  DescribeImages: op<DescribeImagesInput>("DescribeImages", {
    mutating: false,
    run: (b, ctx, input) => b.images.describeImages(ctx, input),
  }),
  DescribeSessions: op<DescribeSessionsInput>("DescribeSessions", {
    mutating: false,
    run: (b, ctx, input) => b.sessions.describeSessions(ctx, input),
  }),
};
