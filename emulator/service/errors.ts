/**
 * One error type per AWS error code, each with its HTTP status. Handlers and the backend throw
 * these; the server turns them into `{"__type": code, "message": ...}` answers, which is what
 * the SDK and botocore parse (the code from `__type`, the message from `message`).
 */
export abstract class AwsError extends Error {
  abstract readonly code: string;
  readonly httpStatus: number = 400;
}

export class ValidationException extends AwsError {
  readonly code = "ValidationException";
}
export class SerializationException extends AwsError {
  readonly code = "SerializationException";
}
export class UnknownOperationException extends AwsError {
  readonly code = "UnknownOperationException";
}
/** Not an AWS code: the emulator's clear answer to GET / or another verb. */
export class MethodNotAllowedException extends AwsError {
  readonly code = "MethodNotAllowedException";
}
/** Not an AWS code: the emulator's clear answer to a body that is not application/x-amz-json-1.1. */
export class UnsupportedMediaTypeException extends AwsError {
  readonly code = "UnsupportedMediaTypeException";
}
export class InvalidParameterCombinationException extends AwsError {
  readonly code = "InvalidParameterCombinationException";
}
export class ResourceNotFoundException extends AwsError {
  readonly code = "ResourceNotFoundException";
}
export class ResourceAlreadyExistsException extends AwsError {
  readonly code = "ResourceAlreadyExistsException";
}
export class ResourceInUseException extends AwsError {
  readonly code = "ResourceInUseException";
}
export class ResourceNotAvailableException extends AwsError {
  readonly code = "ResourceNotAvailableException";
}
export class ConcurrentModificationException extends AwsError {
  readonly code = "ConcurrentModificationException";
}
export class LimitExceededException extends AwsError {
  readonly code = "LimitExceededException";
}
export class ThrottlingException extends AwsError {
  readonly code = "ThrottlingException";
  constructor() {
    super("Rate exceeded");
  }
}
export class InternalFailure extends AwsError {
  readonly code = "InternalFailure";
  override readonly httpStatus = 500;
  constructor(message = "We encountered an internal error. Please try again.") {
    super(message);
  }
}
export class MissingAuthenticationTokenException extends AwsError {
  readonly code = "MissingAuthenticationTokenException";
  constructor() {
    super("Missing Authentication Token");
  }
}
export class IncompleteSignatureException extends AwsError {
  readonly code = "IncompleteSignatureException";
}
export class UnrecognizedClientException extends AwsError {
  readonly code = "UnrecognizedClientException";
  constructor() {
    super("The security token included in the request is invalid.");
  }
}
export class InvalidSignatureException extends AwsError {
  readonly code = "InvalidSignatureException";
  constructor(
    message = "The request signature we calculated does not match the signature you provided. " +
      "Check your AWS Secret Access Key and signing method.",
  ) {
    super(message);
  }
}

/** An error injected through POST /_emulator/faults: any code, any status. */
export class InjectedError extends AwsError {
  constructor(
    readonly code: string,
    message: string,
    override readonly httpStatus: number,
  ) {
    super(message);
  }
}

export function fleetNotFound(name: string): ResourceNotFoundException {
  return new ResourceNotFoundException(`The fleet ${name} does not exist.`);
}
export function stackNotFound(name: string): ResourceNotFoundException {
  return new ResourceNotFoundException(`The stack ${name} does not exist.`);
}
export function imageNotFound(nameOrArn: string): ResourceNotFoundException {
  return new ResourceNotFoundException(`The image ${nameOrArn} does not exist.`);
}

/** A refused control-API request (`/_emulator/...`): answered with HTTP status and `{"error"}`. */
export class ControlError extends Error {
  constructor(
    message: string,
    readonly httpStatus = 400,
  ) {
    super(message);
  }
}
