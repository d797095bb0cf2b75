// Picture module
