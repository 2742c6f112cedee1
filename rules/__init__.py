"""What is a violation: protection and retention policy, and the default policy pack."""
