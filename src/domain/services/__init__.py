"""Use cases (服务): each public method is one unit of work and checks the actor's role."""
