"""moto's own tests for the services the emulator extends, run with the extensions installed."""
