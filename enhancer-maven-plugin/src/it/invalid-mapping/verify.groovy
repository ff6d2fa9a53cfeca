// The build must have failed in the enhance goal with the validator's message: class and cause.
def log = new File(basedir, 'build.log').text
assert log.contains('Invalid ErgoKV mapping') : "no mapping failure in the log:\n${log}"
def failure = log.substring(log.indexOf('Invalid ErgoKV mapping'))
assert failure.contains('example.Keyless') : failure
assert failure.contains('@Key') : failure
return true
