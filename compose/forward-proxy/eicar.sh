#!/bin/sh
# Prints the EICAR test file: the 68 bytes every virus scanner is meant to flag, harmless by design. Built
# from two halves so that no file of this repository is itself flagged by a scanner on a developer's machine.
printf '%s%s' 'X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR' '-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'
