/** Image and session operations (read-only). */
import type { DescribeImagesInput } from "../../service/images/backend";
import type { DescribeSessionsInput } from "../../service/sessions";
import { STRING_LIST, op, type Operation } from "./operation";

export const LOOKUP_OPERATIONS: Record<string, Operation> = {
  DescribeImages: op<DescribeImagesInput>({
    shape: {
      struct: { Names: STRING_LIST, Arns: STRING_LIST, Type: "string", NextToken: "string", MaxResults: "integer" },
    },
    mutating: false,
    run: (b, ctx, input) => b.images.describeImages(ctx, input),
  }),
  DescribeSessions: op<DescribeSessionsInput>({
    shape: {
      struct: {
        StackName: "string",
        FleetName: "string",
        UserId: "string",
        NextToken: "string",
        Limit: "integer",
        AuthenticationType: "string",
        InstanceId: "string",
      },
    },
    mutating: false,
    run: (b, ctx, input) => b.sessions.describeSessions(ctx, input),
  }),
};
