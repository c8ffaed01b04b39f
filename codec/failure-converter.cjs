// Failure messages and stack traces go into history as plain text by default; a Bandwidth error
// may echo what was sent (an address field, say). With common attributes encoded they travel as
// a payload, which the encryption codec then encrypts like any other.
//
// Loaded by path — by workers with require(), and bundled into workflow code — so it is plain
// CommonJS that every loader (node, tsx, jest, webpack) takes as it is.
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
