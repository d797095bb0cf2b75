// Terminal module
