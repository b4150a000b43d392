/**
 * The AppStream 2.0 API emulator: start it in-process (`startEmulator`), drive it with any AWS
 * client pointed at its URL, and steer it through the control API (`EmulatorControl`).
 */
export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./server";
export {
  EmulatorControl,
  EmulatorControlError,
  type ConfigUpdate,
  type ImageInput,
  type OpenSessionArgs,
} from "./control-client";
export { DEFAULT_IMAGES } from "./images";
export { DEFAULT_ACCOUNT_ID } from "./constants";
export type { CallRecord, FleetEvent } from "./call-log";
export type { FaultSpec, CallFaultSpec, StartFailureSpec, DescribeLagSpec, PendingFault } from "./faults";
export type { EmulatorConfig } from "./runtime";
export type { ThrottleConfig, BucketConfig } from "./throttle";
export type { FleetJson, ImageJson, SessionJson, StackJson, FleetState, FleetError } from "./types";
