/** Fleet operations: input checked against its shape -> backend method -> reply. */
import type { CreateFleetInput, UpdateFleetInput } from "../../service/types";
import { op, type Operation } from "./operation";

export const FLEET_OPERATIONS: Record<string, Operation> = {
  CreateFleet: op<CreateFleetInput>("CreateFleet", {
    mutating: true,
    names: "fleet",
    run: (b, ctx, input) => b.fleets.createFleet(ctx, input),
  }),
  DescribeFleets: op<{ Names?: string[]; NextToken?: string }>("DescribeFleets", {
    mutating: false,
    names: "fleet",
    run: (b, ctx, input) => b.fleets.describeFleets(ctx, input),
  }),
  UpdateFleet: op<UpdateFleetInput>("UpdateFleet", {
    mutating: true,
    names: "fleet",
    run: (b, ctx, input) => b.fleets.updateFleet(ctx, input),
  }),
  DeleteFleet: op<{ Name?: string }>("DeleteFleet", {
    mutating: true,
    names: "fleet",
    run: (b, ctx, input) => b.fleets.deleteFleet(ctx, input),
  }),
  StartFleet: op<{ Name?: string }>("StartFleet", {
    mutating: true,
    names: "fleet",
    run: (b, ctx, input) => b.fleets.startFleet(ctx, input),
  }),
  StopFleet: op<{ Name?: string }>("StopFleet", {
    mutating: true,
    names: "fleet",
    run: (b, ctx, input) => b.fleets.stopFleet(ctx, input),
  }),
};
