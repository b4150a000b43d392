/**
 * The AppStream 2.0 API emulator: start it in-process (`startEmulator`), drive it with any AWS
 * client pointed at its URL, and steer it through the control API (`EmulatorControl`).
 */
export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./http/server";
export {
  EmulatorControl,
  EmulatorControlError,
  type ConfigUpdate,
  type ImageInput,
  type OpenSessionArgs,
  type RegionsJson,
} from "./http/control-client";
export { DEFAULT_IMAGES } from "./service/images/catalogue";
export { DEFAULT_ACCOUNT_ID } from "./service/constants";
export type { CallRecord, FleetEvent } from "./runtime/call-log";
export type { FaultSpec, CallFaultSpec, StartFailureSpec, DescribeLagSpec, PendingFault, FaultRecord } from "./runtime/faults";
export type { EmulatorConfig } from "./runtime/runtime";
export type { ThrottleConfig, BucketConfig } from "./http/throttle";
export type { FleetJson, ImageJson, SessionJson, StackJson, FleetState, FleetError } from "./service/types";
