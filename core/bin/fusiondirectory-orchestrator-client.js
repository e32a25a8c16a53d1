#!/usr/bin/env node
import "../dist/client.js";
