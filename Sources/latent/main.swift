print("latent")
